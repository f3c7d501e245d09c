/**
 * `npm run bench -- analytics`: loads large-scale facts, times every analytics query on
 * ClickHouse (chDB) against the same question in Postgres (indexed as the API would), and
 * times the sink catching up from empty.
 *
 * Facts: the large simulation (about 1M events, 7 minutes to simulate here) is run once on
 * anvil and its decoded logs become indexer-shaped Postgres rows. For a quicker run,
 * ANALYTICS_BENCH_SCALE=medium ANALYTICS_BENCH_COPIES=13 replicates the medium simulation's rows
 * 13 times with shifted blocks, times and ids (same models, datanets and contributors), to about
 * the same volume. ANALYTICS_BENCH_ROWS=<file> keeps the decoded rows there and reuses them on
 * the next run, skipping the simulation.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "../migrations/apply.js";
import { ChdbStore } from "../analytics/store/chdb-store.js";
import type { AnalyticsStore, Params } from "../analytics/store/store.js";
import { PostgresFactSource } from "../analytics/sink/postgres-source.js";
import { AnalyticsSink } from "../analytics/sink/sink.js";
import { attributionConcentration, datanetUsage, governanceTurnout, inferenceVolume, topContributors } from "../analytics/queries/index.js";
import { tempPostgres } from "../test/_setup/analytics.js";
import { copyIndexerRows, createIndexerShapedTables, emptyIndexerRows, indexerRowsOfSimulation, insertIndexerRows, INDEXER_SHAPED_INDEXES, shiftPast, type IndexerRows } from "../test/_setup/indexer-shaped-tables.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import type { ScaleName } from "../devnet/simulator/scale.js";
import { hubEnv } from "../core/config/index.js";
import { createRequire } from "node:module";

const chdbVersion = (): string => (createRequire(import.meta.url)("chdb/package.json") as { version: string }).version;

const copies = hubEnv().ANALYTICS_BENCH_COPIES;
const scale: ScaleName = hubEnv().ANALYTICS_BENCH_SCALE;
const runs = hubEnv().ANALYTICS_BENCH_RUNS;
const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// Steps 1 and 2 in a function, so that the million decoded rows (0.7 GB of heap) can be
// collected once they are in Postgres: the timed questions run beside an API-sized heap.
async function benchRows() {
  // 1. simulate once and decode (or reuse the decoded rows of an earlier run of the same scale)
  const rowsFile = hubEnv().ANALYTICS_BENCH_ROWS;
  let base: IndexerRows;
  if (rowsFile && existsSync(rowsFile)) {
    base = JSON.parse(await readFile(rowsFile, "utf8")) as IndexerRows;
    log(`read the decoded ${scale} simulation from ${rowsFile}`);
  } else {
    const sim = await startSimulatedDevnet({ seed: "bench", scale });
    try {
      log(`simulated ${scale}: blocks ${sim.result.firstBlock}..${sim.result.lastBlock}, ${sim.result.inferences} inferences`);
      base = await indexerRowsOfSimulation(sim);
    } finally {
      await sim.stop();
    }
    if (rowsFile) await writeFile(rowsFile, JSON.stringify(base));
  }
  log(`decoded into ${Object.values(base).reduce((n, list) => n + list.length, 0)} indexer rows`);

  // 2. replicate: copy k is a later day of the same activity (the simulator compresses chain
  // time: the large run spans two hours), so the facts cover COPIES days of hourly and daily buckets.
  const shift = shiftPast(base, 86400);
  const rows = emptyIndexerRows();
  for (let k = 0; k < copies; k++) copyIndexerRows(base, k, shift, rows);
  const tsMin = Object.values(base).flat().reduce((m, r) => Math.min(m, Number(r.block_timestamp)), Infinity);
  const tsSpan = shift.seconds;
  const factRows = rows.inference.length + rows.attribution_share.length + rows.reward.length + rows.contribution.length + rows.contribution_status_change.filter((r) => r.change !== "submitted").length + rows.vote.length + rows.token_transfer.length;
  log(`replicated x${copies}: ${factRows} fact rows (${Object.entries(rows).map(([t, l]) => `${t}=${l.length}`).join(" ")})`);
  return { rows, factRows, tsMin, tsSpan };
}
const loaded: { rows?: IndexerRows } & Omit<Awaited<ReturnType<typeof benchRows>>, "rows"> = await benchRows();
const { factRows, tsMin, tsSpan } = loaded;

// 3. Postgres: the indexer's tables, indexed as the API would
const pgDb = await tempPostgres();
const chdbDir = await mkdtemp(join(tmpdir(), "ph-bench-chdb-"));
const SCHEMA = "hub";
try {
  await createIndexerShapedTables(pgDb.pool, SCHEMA, false);
  await insertIndexerRows(pgDb.pool, SCHEMA, loaded.rows!, 4000);
  delete loaded.rows;
  await pgDb.pool.query(INDEXER_SHAPED_INDEXES(SCHEMA));
  await pgDb.pool.query(`CREATE INDEX ON "${SCHEMA}".inference (id); CREATE INDEX ON "${SCHEMA}".reward (inference_id); CREATE INDEX ON "${SCHEMA}".reward (contribution_id);`);
  // Postgres in its steady state, as a long-running indexer's tables are: statistics and the
  // visibility map (index-only scans) current.
  await pgDb.pool.query("VACUUM ANALYZE");
  log("loaded and indexed Postgres");

  // 4. sink catch-up from empty
  const store = await ChdbStore.open(chdbDir, "analytics");
  await applyMigrations({ analytics: store });
  const source = new PostgresFactSource(pgDb.pool, SCHEMA);
  const sink = new AnalyticsSink({ store, source, chunkBlocks: 5000n });
  const s0 = performance.now();
  const round = await sink.syncOnce();
  const sinkSeconds = (performance.now() - s0) / 1000;
  const sinkEps = Math.round(round.inserted / sinkSeconds);
  log(`sink caught up: ${round.inserted} facts in ${sinkSeconds.toFixed(1)} s (${sinkEps}/s, ${round.chunks} chunks)`);

  // 5. the questions, on both stores
  const day0 = Math.floor(tsMin / 86400) * 86400;
  const dayEnd = Math.ceil((tsMin + copies * tsSpan) / 86400) * 86400;
  const range = { from: day0, to: dayEnd };
  const s = `"${SCHEMA}"`;
  const pg = (sql: string, params: unknown[] = [range.from, range.to]) => async () => void (await pgDb.pool.query(sql, params));
  const cases: { name: string; ch: () => Promise<unknown>; pg: () => Promise<unknown> }[] = [
    {
      name: "inference volume per model, hourly",
      ch: () => inferenceVolume(store, { range, bucketSeconds: 3600 }),
      pg: pg(`SELECT (block_timestamp / 3600)::bigint * 3600 AS bucket, model_id, count(*), sum(fee) FROM ${s}.inference WHERE block_timestamp >= $1 AND block_timestamp < $2 GROUP BY 1, 2 ORDER BY 1, 2`),
    },
    {
      name: "inference volume per model, 10 min",
      ch: () => inferenceVolume(store, { range, bucketSeconds: 600 }),
      pg: pg(`SELECT (block_timestamp / 600)::bigint * 600 AS bucket, model_id, count(*), sum(fee) FROM ${s}.inference WHERE block_timestamp >= $1 AND block_timestamp < $2 GROUP BY 1, 2 ORDER BY 1, 2`),
    },
    {
      name: "inference volume per model, 10 min, unaligned range",
      ch: () => inferenceVolume(store, { range: { from: range.from + 1, to: range.to }, bucketSeconds: 600 }),
      pg: pg(`SELECT (block_timestamp / 600)::bigint * 600 AS bucket, model_id, count(*), sum(fee) FROM ${s}.inference WHERE block_timestamp >= $1 + 1 AND block_timestamp < $2 GROUP BY 1, 2 ORDER BY 1, 2`),
    },
    {
      name: "top 10 contributors overall",
      ch: () => topContributors(store, { range, limit: 10 }),
      pg: pg(`SELECT contributor, sum(amount) AS t, count(*) FROM ${s}.reward WHERE block_timestamp >= $1 AND block_timestamp < $2 GROUP BY contributor ORDER BY t DESC, contributor LIMIT 10`),
    },
    {
      name: "top 10 contributors per datanet",
      ch: () => topContributors(store, { range, per: "datanet", limit: 10 }),
      pg: pg(`SELECT * FROM (SELECT d, contributor, t, row_number() OVER (PARTITION BY d ORDER BY t DESC, contributor) AS rank FROM (
                SELECT c.datanet_id AS d, r.contributor, sum(r.amount) AS t FROM ${s}.reward r JOIN ${s}.contribution c ON c.id = r.contribution_id
                WHERE r.block_timestamp >= $1 AND r.block_timestamp < $2 GROUP BY 1, 2) g) x WHERE rank <= 10 ORDER BY d, rank`),
    },
    {
      name: "attribution concentration per model (top-10 share, Gini)",
      ch: () => attributionConcentration(store, { range, topK: 10 }),
      pg: pg(`WITH per AS (SELECT i.model_id, r.contributor, sum(r.amount)::float8 AS x FROM ${s}.reward r JOIN ${s}.inference i ON i.id = r.inference_id
                 WHERE r.block_timestamp >= $1 AND r.block_timestamp < $2 GROUP BY 1, 2),
              ranked AS (SELECT model_id, x, row_number() OVER (PARTITION BY model_id ORDER BY x) AS i, count(*) OVER (PARTITION BY model_id) AS n, sum(x) OVER (PARTITION BY model_id) AS total FROM per)
              SELECT model_id, max(n) AS contributors, max(total) AS total, 2 * sum(i * x) / (max(n) * max(total)) - (max(n) + 1)::float8 / max(n) AS gini,
                     sum(x) FILTER (WHERE n - i < 10) / max(total) AS top_share FROM ranked GROUP BY model_id ORDER BY model_id`),
    },
    {
      name: "datanet usage per day",
      ch: () => datanetUsage(store, { range, bucketSeconds: 86400 }),
      pg: pg(`SELECT bucket, d, sum(inf), sum(sh), sum(w), sum(rw), sum(cn) FROM (
                SELECT (a.block_timestamp / 86400)::bigint AS bucket, c.datanet_id AS d, count(DISTINCT a.inference_id) AS inf, count(*) AS sh, sum(a.weight_ppm) AS w, 0::numeric AS rw, 0 AS cn
                  FROM ${s}.attribution_share a JOIN ${s}.contribution c ON c.id = a.contribution_id WHERE a.block_timestamp >= $1 AND a.block_timestamp < $2 GROUP BY 1, 2
                UNION ALL SELECT (r.block_timestamp / 86400)::bigint, c.datanet_id, 0, 0, 0, sum(r.amount), 0
                  FROM ${s}.reward r JOIN ${s}.contribution c ON c.id = r.contribution_id WHERE r.block_timestamp >= $1 AND r.block_timestamp < $2 GROUP BY 1, 2
                UNION ALL SELECT (block_timestamp / 86400)::bigint, datanet_id, 0, 0, 0, 0, count(*) FROM ${s}.contribution WHERE block_timestamp >= $1 AND block_timestamp < $2 GROUP BY 1, 2
              ) u GROUP BY 1, 2 ORDER BY 1, 2`),
    },
    {
      name: "governance turnout per proposal",
      ch: () => governanceTurnout(store, { range }),
      pg: pg(`WITH v AS (SELECT proposal_id, count(DISTINCT voter) AS voters, sum(weight) FILTER (WHERE support = 1) AS f, sum(weight) FILTER (WHERE support = 0) AS a,
                   sum(weight) FILTER (WHERE support = 2) AS ab, sum(weight) AS total, min(block_number) AS first_block FROM ${s}.vote WHERE block_timestamp >= $1 AND block_timestamp < $2 GROUP BY proposal_id)
              SELECT v.*, (SELECT coalesce(sum(CASE WHEN t."from" = '0x0000000000000000000000000000000000000000' THEN t.value ELSE -t.value END), 0) FROM ${s}.token_transfer t
                 WHERE t.block_number <= v.first_block AND (t."from" = '0x0000000000000000000000000000000000000000' OR t."to" = '0x0000000000000000000000000000000000000000')) AS supply
              FROM v ORDER BY first_block`),
    },
  ];

  // Interleaved, one run of each in turn (ClickHouse, then Postgres): both see the same moments
  // of this shared machine, so their ratio holds even when the machine's speed drifts.
  const stats = (xs: number[]) => {
    xs.sort((p, q) => p - q);
    return { median: xs[Math.floor((xs.length - 1) / 2)]!, p95: xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]! };
  };
  const timeInTurn = async (fns: (() => Promise<unknown>)[], n: number) => {
    for (const fn of fns) await fn(); // warm
    const times = fns.map((): number[] => []);
    for (let i = 0; i < n; i++) {
      for (const [k, fn] of fns.entries()) {
        const t = performance.now();
        await fn();
        times[k]!.push(performance.now() - t);
      }
    }
    return times.map(stats);
  };
  const results: { name: string; ch: { median: number; p95: number }; pg: { median: number; p95: number } }[] = [];
  for (const c of cases) {
    const [ch, pgT] = (await timeInTurn([c.ch, c.pg], runs)) as [ReturnType<typeof stats>, ReturnType<typeof stats>];
    results.push({ name: c.name, ch, pg: pgT });
    log(`${c.name}: ClickHouse ${ch.median.toFixed(1)} ms, Postgres ${pgT.median.toFixed(1)} ms`);
  }
  // Where the lightest question's time goes in chDB: each EXPLAIN stops the same SQL, with the
  // same bound parameters, one stage later (parse, analyse, plan, build the pipeline); the last
  // row answers it. This is the floor that bounds the light questions' ratio to Postgres.
  let asked: { sql: string; params: Params } | undefined;
  const recorder: AnalyticsStore = { kind: store.kind, database: store.database, query: (sql, params = {}) => ((asked = { sql, params }), store.query(sql, params)), command: (sql, params) => store.command(sql, params), insert: (t, r) => store.insert(t, r), close: async () => {} };
  await inferenceVolume(recorder, { range, bucketSeconds: 3600 });
  const stages: [string, string][] = [["SELECT 1", ""], ["parsed", "EXPLAIN AST "], ["analysed", "EXPLAIN QUERY TREE "], ["planned", "EXPLAIN PLAN "], ["pipeline built", "EXPLAIN PIPELINE "], ["answered", ""]];
  const stageTimes = await timeInTurn(stages.map(([name, prefix]) => () => (name === "SELECT 1" ? store.query("SELECT 1") : store.query(prefix + asked!.sql, asked!.params))), runs * 5);
  await store.close();

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number) => x.toFixed(1).padStart(9);
  console.log(`\n${pad("query", 58)} ${"CH med".padStart(9)} ${"CH p95".padStart(9)} ${"PG med".padStart(9)} ${"PG p95".padStart(9)} ${"speedup".padStart(8)}`);
  for (const r of results) console.log(`${pad(r.name, 58)} ${num(r.ch.median)} ${num(r.ch.p95)} ${num(r.pg.median)} ${num(r.pg.p95)} ${(r.pg.median / r.ch.median).toFixed(1).padStart(7)}x`);
  console.log(`\nchDB, inference volume hourly by stage (cumulative medians of ${runs * 5}, ms): ${stages.map(([name], k) => `${name} ${stageTimes[k]!.median.toFixed(1)}`).join(", ")}`);
  console.log(`facts: ${factRows} (${scale} simulation x${copies}); sink catch-up from empty: ${round.inserted} facts in ${sinkSeconds.toFixed(1)} s; chDB ${chdbVersion()}, Postgres 15, this machine`);
  const maxMedian = Math.max(...results.map((r) => r.ch.median));
  const minSpeedup = Math.min(...results.map((r) => r.pg.median / r.ch.median));
  console.log(`BENCH analytics rows=${factRows} max_median_ms=${maxMedian.toFixed(1)} min_speedup=${minSpeedup.toFixed(1)} sink_eps=${sinkEps}`);
} finally {
  await pgDb.cleanup();
  await rm(chdbDir, { recursive: true, force: true });
}
