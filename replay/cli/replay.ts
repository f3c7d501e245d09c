/**
 * `npm run replay -- [enqueue] [--from-block A] [--to-block B] [--model N] [--sample-rate R] [--no-wait]`
 *   queues the claims of a block range or of a model for verification and shows progress until
 *   every one has a verdict. Without REDIS_URL the queue is in-process, so this process also
 *   verifies; with REDIS_URL any number of `replay worker` processes do.
 * `npm run replay -- worker [--follow]`
 *   runs a worker: re-queues unfinished jobs (reconciler), verifies, and with --follow also
 *   queues new inferences as they appear on chain.
 * Configuration comes from the hub's one configuration (core/config, docs/configuration.md):
 * DATABASE_URL, REDIS_URL, REPLAY_PG_SCHEMA, ARTIFACTS_DIR, DEPLOYMENT_FILE (or DEVNET_DIR),
 * RPC_URL, CLICKHOUSE_URL or ANALYTICS_CHDB_PATH, REPLAY_CLAIM_SOURCE=indexer (+ DATABASE_SCHEMA)
 * to read claims from the indexer's tables instead of the chain, REPLAY_*.
 */
import { parseArgs } from "node:util";
import { hubEnv, type HubEnv } from "../../core/config/index.js";
import { deploymentFilePath, readDeployment } from "../../contracts-abi/deployment.js";
import { isHubError } from "../../core/errors.js";
import { serveMetrics } from "../../core/metrics/index.js";
import { analyticsConfigFromEnv } from "../../analytics/store/config.js";
import { ChainClaimSource } from "../claims/chain-claim-source.js";
import { PostgresClaimSource } from "../claims/postgres-claim-source.js";
import { createChallenger } from "../challenger.js";
import { readReplayConfig } from "../config.js";
import { ClaimFollower } from "../follower.js";
import { startReplay } from "../runtime.js";
import type { VerdictCounts } from "../verdicts/postgres-verdict-store.js";
import { AnalyticsVerdictFactSink, type VerdictFactSink } from "../verdicts/verdict-facts.js";
import { ConfigError } from "../../core/errors.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "from-block": { type: "string" },
    "to-block": { type: "string" },
    model: { type: "string" },
    "sample-rate": { type: "string" },
    "no-wait": { type: "boolean", default: false },
    follow: { type: "boolean", default: false },
    "poll-ms": { type: "string", default: "2000" },
    "metrics-port": { type: "string" },
  },
});
const command = positionals[0] ?? "enqueue";

function progressLine(c: VerdictCounts, total: number, startedMs: number): string {
  const rate = c.verdicts / Math.max(0.001, (Date.now() - startedMs) / 1000);
  const kinds = Object.entries(c.byVerdict).map(([k, n]) => `${k} ${n}`).join(", ");
  return `replay: ${c.verdicts}/${total} verdicts (${kinds || "none yet"}) ${rate.toFixed(0)}/s`;
}

/** ClickHouse facts through the analytics store (CLICKHOUSE_URL, or chDB); REPLAY_FACTS=off skips them. */
async function openFacts(env: HubEnv, log: (m: string) => void): Promise<VerdictFactSink | undefined> {
  if (env.REPLAY_FACTS === "off") return undefined;
  try {
    return await AnalyticsVerdictFactSink.open(analyticsConfigFromEnv(env));
  } catch (error) {
    log(`replay: ClickHouse facts disabled: cannot open the analytics store (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); another process may own the chDB folder: set ANALYTICS_CHDB_PATH or CLICKHOUSE_URL, or REPLAY_FACTS=off`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const env = hubEnv();
  const config = readReplayConfig(env);
  const deployment = await readDeployment(deploymentFilePath(env));
  // Claims from the indexer's tables when it runs on Postgres (DATABASE_SCHEMA is Ponder's), else the chain.
  const source =
    env.REPLAY_CLAIM_SOURCE === "indexer" && config.databaseUrl
      ? new PostgresClaimSource(config.databaseUrl, env.DATABASE_SCHEMA ?? "hub")
      : ChainClaimSource.fromDeployment(deployment, env.RPC_URL ?? deployment.rpcUrl);
  const log = (m: string) => console.error(m);
  const challenger = config.verifierPrivateKey
    ? createChallenger({ rpcUrl: env.RPC_URL ?? deployment.rpcUrl, privateKey: config.verifierPrivateKey, engine: deployment.contracts.AttributionEngine, token: deployment.contracts.OpenToken, log })
    : undefined;
  const embedded = !config.redisUrl;
  const facts = await openFacts(env, log);
  const runtime = await startReplay({ config, source, facts, work: command === "worker" || embedded, onVerdicts: challenger, log });
  log(`replay: queue ${runtime.queue.kind}${embedded ? " (set REDIS_URL for BullMQ and separate workers)" : ""}; weight tolerances ${config.weightTolerancePpm} ppm per contribution, ${config.weightL1TolerancePpm} ppm in total (L1)`);
  const shutdown = async () => {
    await runtime.stop();
    await facts?.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());

  if (command === "worker") {
    if (values.follow) new ClaimFollower(runtime, source, { pollMs: Number(values["poll-ms"]), log }).start();
    if (values["metrics-port"] !== undefined) log(`replay: metrics ${(await serveMetrics(Number(values["metrics-port"]))).url}`);
    log(`replay: worker running (batch ${config.batchSize}); Ctrl-C to stop`);
    setInterval(() => {
      const s = runtime.worker!.stats;
      log(`replay: worker ${s.verdicts} verdicts in ${s.batches} batches, ${s.transientErrors} retried, ${s.duplicates} already recorded`);
    }, 10_000).unref();
    return;
  }
  if (command !== "enqueue") throw new ConfigError(`unknown command "${command}"`, { hint: "use enqueue or worker" });
  const filter = {
    fromBlock: values["from-block"] ? BigInt(values["from-block"]) : undefined,
    toBlock: values["to-block"] ? BigInt(values["to-block"]) : undefined,
    modelId: values.model ? BigInt(values.model) : undefined,
  };
  const sampleRate = values["sample-rate"] ? Number(values["sample-rate"]) : 1;
  const started = Date.now();
  const result = await runtime.enqueue(source.claims(filter), "cli", sampleRate);
  log(`replay: ${result.sampled} of ${result.considered} claims selected, ${result.added} new jobs queued`);
  if (values["no-wait"] && !embedded) return shutdown();
  const counts = await runtime.waitForVerdicts(result.jobKeys, (c) => log(progressLine(c, result.jobKeys.length, started)));
  console.log(JSON.stringify({ claims: result.jobKeys.length, ...counts.byVerdict, seconds: (Date.now() - started) / 1000 }));
  log(`replay: verdicts are in ${config.pgSchema}.replay_verdicts (Postgres) and replay_verdict_facts (ClickHouse)`);
  await shutdown();
}

main().catch((error: unknown) => {
  console.error(isHubError(error) ? error.toDisplayString() : error);
  process.exit(1);
});
