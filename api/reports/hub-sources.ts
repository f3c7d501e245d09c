/**
 * Report sources inside the hub: Ponder's read-only database, the indexer's chain settings
 * (RPC, chain id, addresses) and, when given, the artifact store folder.
 */
import { createPublicClient, http } from "viem";
import type { ReadonlyDrizzle } from "ponder";
import { ArtifactStore } from "../../artifacts/store.js";
import { readIndexerSettings } from "../../indexer/config.js";
import type { Verdict } from "../../replay/verdicts/types.js";
import type { ReportSources } from "./gather/gather-report.js";
import { verdictsForReport } from "./gather/replay-verdicts.js";

export type HubReportOptions = {
  /** Re-hash contributions' content in this artifact folder. */
  artifactsDir?: string;
  /** The replay worker's verdicts (e.g. its VerdictStore's `verdicts()`), listed off chain. */
  verdicts?: () => Promise<readonly Verdict[]>;
};

const cache = new WeakMap<object, ReportSources>();

/** One set of sources per database client: settings are read once, the RPC client is reused. */
export function hubReportSources(db: ReadonlyDrizzle<Record<string, unknown>>, options: HubReportOptions = {}): ReportSources {
  const known = cache.get(db);
  if (known) return known;
  const sources = readHubReportSources(db, options);
  cache.set(db, sources);
  return sources;
}

function readHubReportSources(db: ReadonlyDrizzle<Record<string, unknown>>, options: HubReportOptions): ReportSources {
  const settings = readIndexerSettings();
  return {
    db,
    client: createPublicClient({ transport: http(settings.rpcUrl, { batch: { batchSize: 500 } }) }),
    rpcUrl: settings.rpcUrl,
    chainId: settings.chainId,
    contracts: settings.contracts,
    artifacts: options.artifactsDir ? new ArtifactStore(options.artifactsDir) : undefined,
    verdictsFor: options.verdicts ? verdictsForReport(options.verdicts) : undefined,
  };
}
