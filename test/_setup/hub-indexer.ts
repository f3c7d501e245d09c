/**
 * The hub's supervised indexer (hub/indexer.ts: Ponder with the embedded sink and replay
 * worker, on PGlite and chDB) over a test devnet, its data in the devnet's temp folder, and
 * the checks that no process of it is left behind.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startHubIndexer, type HubIndexer, type StartHubIndexerParameters } from "../../hub/indexer.js";
import type { SimulatedDevnet } from "./simulated-devnet.js";

export async function startTestHubIndexer(sim: SimulatedDevnet, options: { log?: string[]; supervision?: StartHubIndexerParameters["supervision"]; env?: Record<string, string> } = {}): Promise<HubIndexer> {
  return startHubIndexer({
    deployment: sim.devnet.deployment,
    deploymentFile: sim.deploymentFile,
    dataDir: sim.dataDir,
    role: "embedded",
    log: (line) => options.log?.push(line),
    supervision: options.supervision,
    env: options.env,
  });
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    body = undefined as T;
  }
  return { status: res.status, body, text };
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Pids of live processes whose command line mentions `needle` (e.g. the test's data folder). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const file = join("/proc", entry, "cmdline");
    if (!existsSync(file)) continue;
    let cmd = "";
    let environ = "";
    try {
      cmd = readFileSync(file, "utf8");
      environ = readFileSync(join("/proc", entry, "environ"), "utf8");
    } catch {
      continue;
    }
    if (cmd.includes(needle) || environ.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}
