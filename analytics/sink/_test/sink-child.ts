/** A sink in its own process (for the SIGKILL test); its settings are one JSON argument: chdbPath, pgUrl, pgSchema, chunk. */
import pg from "pg";
import { ChdbStore } from "../../store/chdb-store.js";
import { PostgresFactSource } from "../postgres-source.js";
import { AnalyticsSink } from "../sink.js";

const args = JSON.parse(process.argv[2]!) as { chdbPath: string; pgUrl: string; pgSchema: string; chunk?: string };
const store = await ChdbStore.open(args.chdbPath, "analytics");
const pool = new pg.Pool({ connectionString: args.pgUrl, max: 2 });
const sink = new AnalyticsSink({
  store,
  source: new PostgresFactSource(pool, args.pgSchema),
  chunkBlocks: BigInt(args.chunk ?? "3"),
  onChunk: (c) => void process.stdout.write(`chunk ${c.from}-${c.to} ${c.written}\n`),
});
const report = await sink.syncOnce();
process.stdout.write(`done ${report.inserted}\n`);
await store.close();
await pool.end();
