/**
 * The hub as bench/api runs it: Ponder serving api/app.ts with the embedded services (the
 * analytics sink and the replay worker, at a low sample rate so it does not take the CPU from
 * the API), on a fresh Postgres database or a PGlite folder, over the bench's chain.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startPonder, type PonderProcess } from "../hub/ponder-process.js";

export type BenchStore = "postgres" | "pglite";

/**
 * The JSON routes' per-address rate limit for the bench: all 50 clients come from 127.0.0.1,
 * which that limit (unlike the GraphQL endpoints' own, which exempt loopback) does not exempt.
 */
export const BENCH_HTTP_RATE = { perSecond: 1_000_000, burst: 1_000_000 };

/** `database`: the Postgres database made for this hub (undefined on PGlite). */
export type BenchHub = { ponder: PonderProcess; store: BenchStore; database: string | undefined; pid(): number | undefined; dispose(): Promise<void> };

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** `env`: more environment for Ponder (e.g. NODE_OPTIONS for a CPU profile). */
export async function startBenchHub(options: { store: BenchStore; deploymentFile: string; artifactsDir: string; serverUrl: string; env?: Record<string, string> }): Promise<BenchHub> {
  const dir = await mkdtemp(join(tmpdir(), "ph-bench-api-"));
  const schema = "hub";
  let dbName: string | undefined;
  let databaseUrl: string | undefined;
  if (options.store === "postgres") {
    dbName = `ph_bench_api_${randomBytes(4).toString("hex")}`;
    await admin(options.serverUrl, `CREATE DATABASE ${dbName}`);
    databaseUrl = options.serverUrl.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const ponder = await startPonder({
    deploymentFile: options.deploymentFile,
    schema,
    databaseUrl,
    pgliteDir: join(dir, "pglite"),
    logFile: join(dir, "ponder.log"),
    env: {
      PONDER_POLLING_MS: "200",
      HUB_PONDER_ROLE: "embedded",
      HUB_DB_DIR: join(dir, "hub-db"),
      ANALYTICS_CHDB_PATH: join(dir, "chdb"),
      ARTIFACTS_DIR: options.artifactsDir,
      REPLAY_SAMPLE_RATE: "0.02",
      REDIS_URL: "",
      CLICKHOUSE_URL: "",
      HUB_RATE_PER_SECOND: String(BENCH_HTTP_RATE.perSecond),
      HUB_RATE_BURST: String(BENCH_HTTP_RATE.burst),
      ...options.env,
    },
  });
  return {
    ponder,
    store: options.store,
    database: dbName,
    pid: () => ponder.pid(),
    async dispose() {
      await ponder.stop();
      if (dbName) await admin(options.serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One GraphQL request (for sampling ids and checking answers, outside the timed runs). */
export async function askGraphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data;
}
