/**
 * The hub's data folders are keyed by deployment (`ponder/<id>`, `chdb/<id>`, `hub-db/<id>`, and
 * `ponder/<id>.log`). A start on the same deployment resumes them; folders of any other
 * deployment can never be used again (a new devnet has new block hashes and addresses), so they
 * are removed, and the hub says which it did (they piled up at 300 MB after four runs).
 */
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

export const DEPLOYMENT_FOLDERS = ["ponder", "chdb", "hub-db"] as const;

export type DataFolderReport = { resumed: string[]; removed: string[] };

/** The deployment a folder entry belongs to: `<id>`, `<id>.log`, `<id>.unreadable`, `<id>.init-…`. */
function deploymentOf(entry: string): string {
  return entry.replace(/\.(log|unreadable|init-.*)$/, "");
}

export async function tidyDataFolders(dataDir: string, deploymentId: string): Promise<DataFolderReport> {
  const report: DataFolderReport = { resumed: [], removed: [] };
  for (const folder of DEPLOYMENT_FOLDERS) {
    const parent = join(dataDir, folder);
    if (!existsSync(parent)) continue;
    for (const entry of await readdir(parent)) {
      const path = join(parent, entry);
      if (deploymentOf(entry) === deploymentId) {
        if (entry === deploymentId) report.resumed.push(path);
      } else {
        await rm(path, { recursive: true, force: true });
        report.removed.push(path);
      }
    }
  }
  return report;
}
