/**
 * `npm run hub -- --servers [--api-replicas N] [--workers N]`: the simulated chain indexed by the
 * server topology (hub/topology.ts) on this machine's Postgres, Redis and clickhouse-server,
 * instead of the embedded engines. Prints where each part answers; Ctrl-C stops them all.
 */
import type { HubEnv } from "../../core/config/index.js";
import { ConfigError } from "../../core/errors.js";
import type { SimulationOptions } from "../../devnet/cli/options.js";
import type { SimulationRun } from "../../devnet/cli/run-simulation.js";
import { startServerTopology, type Topology } from "../topology.js";

export type ServerOptions = { servers: boolean; apiReplicas: number; workers: number; rest: string[] };

/** Takes the topology's flags off argv; the rest are the simulation's. */
export function takeServerOptions(argv: readonly string[]): ServerOptions {
  const rest: string[] = [];
  const found: Record<string, string> = {};
  let servers = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    if (arg === "--servers") servers = true;
    else if (name === "--api-replicas" || name === "--workers") found[name] = inline ?? argv[++i] ?? "";
    else rest.push(arg);
  }
  const count = (name: string) => {
    const raw = found[name] ?? "1";
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} ${raw} is not a count`, { hint: "a positive integer" });
    return n;
  };
  return { servers, apiReplicas: count("--api-replicas"), workers: count("--workers"), rest };
}

async function waitForSinkAndVerdicts(topology: Topology, lastBlock: bigint, claims: number, log: (line: string) => void, timeoutMs = 300_000): Promise<boolean> {
  const api = topology.apis[0]!;
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const status = (await (await fetch(`${api.url}/hub/status`)).json().catch(() => ({}))) as { analyticsLag?: { syncedBlock: string } | null };
    const replay = (await (await fetch(`${api.url}/replay/status`)).json().catch(() => ({}))) as { verdicts?: number };
    const synced = Number(status.analyticsLag?.syncedBlock ?? 0);
    const line = `analytics: sink at block ${synced}/${lastBlock}; replay: ${replay.verdicts ?? 0}/${claims} claims verified`;
    if (line !== last) log((last = line));
    if (synced >= Number(lastBlock) && (replay.verdicts ?? 0) >= claims) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

export async function runServers(run: SimulationRun, options: SimulationOptions, server: ServerOptions, env: HubEnv, log: (line: string) => void): Promise<Topology> {
  const topology = await startServerTopology({ env, deployment: run.devnet.deployment, deploymentFile: options.deploymentFile, dataDir: options.dataDir, apiReplicas: server.apiReplicas, workers: server.workers, log });
  log(`servers: indexer ${topology.indexer.ponder.url} (schema ${topology.schema}), sink metrics ${topology.sink.metricsUrl}, ${topology.workers.length} replay workers (verdicts in ${topology.replaySchema})`);
  await topology.indexer.ponder.waitForBlock(run.result.lastBlock);
  log(`indexer: caught up to block ${run.result.lastBlock}`);
  const done = await waitForSinkAndVerdicts(topology, run.result.lastBlock, run.result.inferences, log);
  if (!done) log("analytics/replay did not finish in time; see /hub/status on an API replica");
  log("");
  topology.apis.forEach((api, i) => log(`API ${i + 1}      ${api.graphqlUrl}  (also /analytics/…, /replay/status, /hub/status, /hub/metrics)`));
  log(`indexer    ${topology.indexer.ponder.url}/status, ${topology.indexer.ponder.url}/hub/metrics`);
  log(`sink       ${topology.sink.metricsUrl}`);
  return topology;
}
