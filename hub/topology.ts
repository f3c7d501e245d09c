/**
 * The server topology on one machine: each part its own process over the Postgres, Redis and
 * ClickHouse servers. The indexer (`ponder start`, role indexer), exactly one sink, any number of
 * replay workers (BullMQ) and any number of API replicas (`ponder serve`, role api: readers
 * only). What each needs is passed in its environment; docs/deploy.md maps it onto machines.
 */
import { join } from "node:path";
import { childEnvironment, type HubEnv } from "../core/config/index.js";
import { ConfigError } from "../core/errors.js";
import { spawnTiedToParent, type TiedChild } from "../core/tied-child-process.js";
import type { Deployment } from "../contracts-abi/deployment.js";
import { startHubIndexer, type HubIndexer } from "./indexer.js";
import { PROJECT_ROOT, startPonder, type PonderProcess } from "./ponder-process.js";

export type TopologyParameters = {
  env: HubEnv;
  deployment: Deployment;
  deploymentFile: string;
  dataDir: string;
  apiReplicas: number;
  workers: number;
  /** Extra environment for the workers (tests slow them down to kill one mid-batch). */
  workerEnv?: Record<string, string>;
  log: (line: string) => void;
};

export type ServiceProcess = TiedChild & { name: string; output(): string; isRunning(): boolean; stop(signal?: NodeJS.Signals): Promise<void> };

export type Topology = {
  schema: string;
  replaySchema: string;
  indexer: HubIndexer;
  sink: ServiceProcess & { metricsUrl: string };
  workers: ServiceProcess[];
  apis: PonderProcess[];
  /** Starts one more replay worker (e.g. to replace a killed one). */
  addWorker(): ServiceProcess;
  stop(): Promise<void>;
};

/** A node program of ours as a tied child: it cannot outlive the hub. */
function startNodeProcess(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ServiceProcess {
  const tied = spawnTiedToParent(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, script), ...args], { cwd: PROJECT_ROOT, env });
  let tail = "";
  const onData = (d: Buffer) => (tail = (tail + d.toString()).slice(-16_000));
  tied.child.stdout!.on("data", onData);
  tied.child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => tied.child.once("exit", () => resolve()));
  const isRunning = () => tied.child.exitCode === null && tied.child.signalCode === null;
  return {
    ...tied,
    name,
    output: () => tail,
    isRunning,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (!isRunning()) return;
      const pid = await tied.programPid.catch(() => undefined);
      if (pid !== undefined) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
      tied.child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (isRunning()) tied.child.kill("SIGKILL");
      await exited;
    },
  };
}

async function waitForLine(p: ServiceProcess, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(p.output());
    if (m) return m;
    if (!p.isRunning() || Date.now() > deadline) throw new ConfigError(`${p.name} did not start`, { hint: "its output follows", details: { output: p.output() } });
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServerTopology(p: TopologyParameters): Promise<Topology> {
  const { env, deployment, log } = p;
  if (!env.DATABASE_URL || !env.CLICKHOUSE_URL || !env.REDIS_URL) {
    throw new ConfigError("--servers needs DATABASE_URL, CLICKHOUSE_URL and REDIS_URL", { hint: "e.g. postgres://postgres@127.0.0.1:5432/test, http://127.0.0.1:8123, redis://127.0.0.1:6379 (docs/deploy.md)" });
  }
  const id = deployment.deploymentId.replace(/[^a-zA-Z0-9_]/g, "_");
  const replaySchema = `replay_${id}`.toLowerCase();
  // Everything keyed by the deployment: a reset devnet (same chain id, same ids) never meets old verdicts or facts.
  const shared = {
    DATABASE_URL: env.DATABASE_URL,
    CLICKHOUSE_URL: env.CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: `analytics_${id}`,
    REDIS_URL: env.REDIS_URL,
    REPLAY_QUEUE_PREFIX: `ph_${id}`,
    REPLAY_PG_SCHEMA: replaySchema,
    ARTIFACTS_DIR: env.ARTIFACTS_DIR ?? join(p.dataDir, "artifacts"),
    DEPLOYMENT_FILE: p.deploymentFile,
  };
  const indexer = await startHubIndexer({ deployment, deploymentFile: p.deploymentFile, dataDir: p.dataDir, databaseUrl: env.DATABASE_URL, role: "indexer", log });
  const schema = indexer.schema;
  const started: ServiceProcess[] = [];
  const apis: PonderProcess[] = [];
  try {
    await indexer.ponder.waitReady();
    const sink = startNodeProcess("sink", "hub/cli/sink.ts", [], childEnvironment({ ...shared, DATABASE_SCHEMA: schema }));
    started.push(sink);
    const metricsUrl = (await waitForLine(sink, /sink: metrics (\S+)/))[1]!;
    const workerEnv = childEnvironment({ ...shared, DATABASE_SCHEMA: schema, REPLAY_CLAIM_SOURCE: "indexer", ...p.workerEnv });
    let workerCount = 0;
    const addWorker = () => {
      const w = startNodeProcess(`replay worker ${++workerCount}`, "replay/cli/replay.ts", ["worker", "--follow", "--poll-ms", "500"], workerEnv);
      started.push(w);
      return w;
    };
    for (let i = 0; i < p.apiReplicas; i++) {
      apis.push(
        await startPonder({
          command: "serve",
          deploymentFile: p.deploymentFile,
          schema,
          databaseUrl: env.DATABASE_URL,
          logFile: join(p.dataDir, "ponder", `${deployment.deploymentId}.api-${i + 1}.log`),
          env: { ...shared, HUB_PONDER_ROLE: "api" },
        }),
      );
    }
    for (const api of apis) await waitHealthy(api);
    // Workers last: the readers are up before the first verdict is written.
    const workers = Array.from({ length: p.workers }, addWorker);
    for (const w of workers) await waitForLine(w, /replay: worker running/);
    const stop = async () => {
      await Promise.all(apis.map((a) => a.stop()));
      await Promise.all(started.map((s) => s.stop()));
      await indexer.ponder.stop();
    };
    return { schema, replaySchema, indexer, sink: Object.assign(sink, { metricsUrl }), workers, apis, addWorker, stop };
  } catch (error) {
    await Promise.all(apis.map((a) => a.stop()));
    await Promise.all(started.map((s) => s.stop()));
    await indexer.ponder.stop();
    throw error;
  }
}

/** `ponder serve` has no backfill: healthy once /health answers. */
async function waitHealthy(api: PonderProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${api.url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (!api.isRunning() || Date.now() > deadline) throw new ConfigError("an API replica did not start", { hint: "its log follows", details: { output: api.output() } });
    await new Promise((r) => setTimeout(r, 100));
  }
}
