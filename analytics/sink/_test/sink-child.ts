/** A sink in its own process (for the SIGKILL test): CHDB_PATH, PG_URL, PG_SCHEMA, CHUNK. */
import pg from "pg";
import { ChdbStore } from "../../store/chdb-store.js";
import { PostgresFactSource } from "../postgres-source.js";
import { AnalyticsSink } from "../sink.js";

const store = await ChdbStore.open(process.env.CHDB_PATH!, "analytics");
const pool = new pg.Pool({ connectionString: process.env.PG_URL!, max: 2 });
const sink = new AnalyticsSink({
  store,
  source: new PostgresFactSource(pool, process.env.PG_SCHEMA!),
  chunkBlocks: BigInt(process.env.CHUNK ?? "3"),
  onChunk: (c) => void process.stdout.write(`chunk ${c.from}-${c.to} ${c.written}\n`),
});
const report = await sink.syncOnce();
process.stdout.write(`done ${report.inserted}\n`);
await store.close();
await pool.end();
