/**
 * Starts the real indexer (`ponder start` as a child process) against a test devnet, on PGlite
 * in a temp folder or on the Postgres server in a fresh database, and reads its tables back.
 * PGlite belongs to one process: read its tables only after stop().
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startPonder, type PonderProcess } from "../../hub/ponder-process.js";
import { hubEnv } from "../../core/config/index.js";

export type IndexerStore = "pglite" | "postgres";

export const TEST_POSTGRES_URL = hubEnv().TEST_POSTGRES_URL;

/** Stores to test on: both unless INDEXER_TEST_STORES narrows it (e.g. "pglite"). */
export const TEST_STORES: IndexerStore[] = hubEnv().INDEXER_TEST_STORES
  .split(",")
  .map((s) => s.trim())
  .filter((s): s is IndexerStore => s === "pglite" || s === "postgres");

export type Row = Record<string, unknown>;

export type TestIndexer = {
  store: IndexerStore;
  schema: string;
  /** The Postgres database (store "postgres"); undefined on PGlite. */
  databaseUrl: string | undefined;
  ponder: PonderProcess;
  /** Starts Ponder again on the same database and schema (after stop or kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** SQL against the indexer's schema over one kept connection; PGlite only while Ponder is stopped. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops Ponder (if running) and drops the database / temp folder. */
  dispose(): Promise<void>;
};

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One open connection for a run of queries: opening PGlite costs a few hundred ms. */
type Reader = { query<T extends Row>(sql: string, params: unknown[]): Promise<T[]>; close(): Promise<void> };

async function openReader(schema: string, databaseUrl: string | undefined, pgliteDir: string): Promise<Reader> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`SET search_path TO "${schema}"`);
    return { query: async <T extends Row>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[], close: () => client.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(pgliteDir);
  await db.exec(`SET search_path TO "${schema}"`);
  return { query: async <T extends Row>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows, close: () => db.close() };
}

export async function startTestIndexer(options: {
  deploymentFile: string;
  store: IndexerStore;
  env?: Record<string, string>;
  /** Postgres: index into another schema of this indexer's database (sharing its RPC cache); it keeps the database. */
  beside?: TestIndexer;
  schema?: string;
}): Promise<TestIndexer> {
  const dir = await mkdtemp(join(tmpdir(), "ph-indexer-"));
  const pgliteDir = join(dir, "pglite");
  const schema = options.schema ?? "hub";
  let databaseUrl: string | undefined = options.beside?.databaseUrl;
  let dbName: string | undefined;
  if (options.store === "postgres" && !databaseUrl) {
    dbName = `ph_indexer_${randomBytes(5).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    databaseUrl = TEST_POSTGRES_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  let reader: Reader | undefined;
  const closeReader = async () => {
    await reader?.close();
    reader = undefined;
  };
  const launch = () =>
    startPonder({
      deploymentFile: options.deploymentFile,
      schema,
      databaseUrl,
      pgliteDir,
      logFile: join(dir, "ponder.log"),
      env: { PONDER_POLLING_MS: "100", ...options.env },
    });
  const indexer: TestIndexer = {
    store: options.store,
    schema,
    databaseUrl,
    ponder: await launch(),
    async restart() {
      await indexer.ponder.stop();
      await closeReader();
      indexer.ponder = await launch();
    },
    async stop() {
      await indexer.ponder.stop();
    },
    async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
      // PGlite's folder belongs to one process at a time.
      if (!databaseUrl && indexer.ponder.isRunning()) throw new Error("stop Ponder before reading its PGlite tables");
      reader ??= await openReader(schema, databaseUrl, pgliteDir);
      return reader.query<T>(sql, params);
    },
    async dispose() {
      await indexer.ponder.stop();
      await closeReader();
      if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      if (hubEnv().KEEP_INDEXER_DIRS) console.log(`kept ${dir}`);
      else await rm(dir, { recursive: true, force: true });
    },
  };
  return indexer;
}

/** Every table as rows sorted by id, values as strings: for comparing two indexes. */
export async function snapshotTables(indexer: TestIndexer, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await indexer.query(`SELECT * FROM "${table}" ORDER BY id`);
    out[table] = rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  }
  return out;
}
