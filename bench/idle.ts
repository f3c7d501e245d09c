/**
 * `npm run bench -- idle [--scale medium] [--stores pglite,postgres] [--rest-seconds 60] [--blocks 100] [--inferences-per-block 4]`:
 * what the hub costs at rest and per block. The hub (Ponder with the analytics sink and the
 * replay follower and worker inside it) indexes the simulation on each store (embedded PGlite,
 * and a fresh database on the Postgres server), settles (indexed, ClickHouse caught up, every
 * claim verified), then:
 *
 * - rest: `--rest-seconds` with no new blocks: CPU of the Ponder process (/proc/<pid>/stat),
 *   CPU of the Postgres backends serving the hub's database, rows read per second
 *   (pg_stat_database tup_returned + tup_fetched; PGlite lives inside the Ponder process and has
 *   no such counters, so there: the rows the sink's and follower's own queries returned);
 * - blocks: `--blocks` blocks of ordinary inference traffic (the simulator's InferenceProducer:
 *   real model runs, attributions, fees and rewards), one a second, then until the hub is idle
 *   again: CPU and rows read per block, against the rows the blocks added to the indexer (every
 *   table's totalCount over Ponder's GraphQL, before and after).
 *
 * Ponder polls the RPC every 1000 ms here (PONDER_POLLING_MS, its default off the devnet; the
 * devnet's 150 ms is for tests). Last line: BENCH idle rest_cpu_pct= rest_rows_per_s=
 * block_rows_ratio= (the worse store's; then each store's with a _pglite / _postgres suffix).
 * CPU: Ponder process plus Postgres backends. Rows: on the server everything pg_stat_database
 * counts for the hub's database (Ponder's indexing, the replay worker, catalog lookups, the
 * pollers); on PGlite the rows the sink's and follower's own queries returned;
 * block_rows_ratio_pollers_* is the pollers' own rows per row added, on both.
 */
import { hubEnv } from "../core/config/index.js";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { SeededRandom } from "../core/random.js";
import { deriveActors } from "../devnet/simulator/actors.js";
import { InferenceProducer } from "../devnet/simulator/inferences.js";
import { parseScale, SCALES } from "../devnet/simulator/scale.js";
import { startHubIndexer } from "../hub/indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { backendCpuBetween, cpuSeconds, hubStatus, indexedRowCount, pollerRows, rowsReadByTable, samplePostgres, topReaders, type HubStatus } from "./_hub-probes.js";
import { printTable } from "./_table.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "medium" },
    seed: { type: "string", default: "idle" },
    stores: { type: "string", default: "pglite,postgres" },
    "rest-seconds": { type: "string", default: "60" },
    blocks: { type: "string", default: "100" },
    "inferences-per-block": { type: "string", default: "4" },
  },
});
const scale = parseScale(values.scale!);
const restSeconds = Number(values["rest-seconds"]);
const blockCount = Number(values.blocks);
const perBlock = Number(values["inferences-per-block"]);
const serverUrl = hubEnv().BENCH_POSTGRES_URL ?? hubEnv().TEST_POSTGRES_URL;
// Ponder polls as off the devnet; the writers use the embedded defaults (an empty value unsets).
const ponderEnv = { PONDER_POLLING_MS: String(hubEnv().PONDER_POLLING_MS ?? 1000), REDIS_URL: "", CLICKHOUSE_URL: "" };
const t0 = performance.now();
const log = (m: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Phase = { seconds: number; ponderCpu: number; postgresCpu: number; rowsRead: number; userRows: number; pollerRows: number; rounds: string };
type StoreResult = { store: string; rest: Phase; blocks: Phase & { blocks: number; rowsAdded: number }; restReaders: string; blockReaders: string };
type Sampled = { at: number; ponder: number; pg: Awaited<ReturnType<typeof samplePostgres>> | undefined; status: HubStatus; tables: Map<string, number> };

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 1_200_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

/** Settled: the sink synced to `block`, every job verified, both pollers idle. */
async function settled(base: string, block: bigint): Promise<boolean> {
  const s: HubStatus = await hubStatus(base);
  const replay = (await (await fetch(`${base}/replay/status`)).json()) as { jobs: number; verdicts: number };
  return !!s.analyticsLag && BigInt(s.analyticsLag.syncedBlock) >= block && replay.verdicts >= replay.jobs && s.activity?.sink.mode === "idle" && s.activity.follower.mode === "idle";
}

async function runStore(sim: SimulatedDevnet, producer: InferenceProducer, callers: Parameters<InferenceProducer["plan"]>[0], store: "pglite" | "postgres"): Promise<StoreResult> {
  const dataDir = await mkdtemp(join(tmpdir(), `ph-bench-idle-${store}-`));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const database = store === "postgres" ? `ph_bench_idle_${randomBytes(4).toString("hex")}` : undefined;
  if (database) await admin.query(`CREATE DATABASE ${database}`);
  const hub = await startHubIndexer({
    deployment: sim.devnet.deployment,
    deploymentFile: sim.deploymentFile,
    dataDir,
    role: "embedded",
    env: ponderEnv,
    databaseUrl: database ? serverUrl.replace(/\/[^/]*$/, `/${database}`) : undefined,
    log,
  });
  const base = hub.ponder.url;
  // on the server: which tables the reads went to (a connection to the hub's database itself)
  const inDb = database ? new pg.Client({ connectionString: serverUrl.replace(/\/[^/]*$/, `/${database}`) }) : undefined;
  await inDb?.connect();
  const readers = async () => (inDb ? await rowsReadByTable(inDb) : new Map<string, number>());
  try {
    let head = await sim.devnet.writer.client.getBlockNumber();
    await hub.ponder.waitReady({ timeoutMs: 1_800_000 });
    await hub.ponder.waitForBlock(head, 1_800_000);
    log(`${store}: indexed to ${head}; waiting for the sink and the replay to settle`);
    await waitUntil("the hub to settle", () => settled(base, head));
    // As below: reads made while settling (the reconciler's last round with jobs still open) are
    // reported to pg_stat up to 10 s late; wait them out so they do not count as rest.
    await sleep(11_000);

    const sample = async (): Promise<Sampled> => {
      const tables = await readers();
      return { at: performance.now(), ponder: cpuSeconds(hub.ponder.pid()), pg: database ? await samplePostgres(admin, database) : undefined, status: await hubStatus(base), tables };
    };
    const sum = (m: Map<string, number>) => [...m.values()].reduce((n, v) => n + v, 0);
    const phase = (a: Sampled, b: Sampled): Phase => {
      const rounds = (k: "sink" | "follower") => {
        const x = a.status.activity?.[k];
        const y = b.status.activity?.[k];
        return x && y ? `${y.works - x.works}/${y.resyncs - x.resyncs}` : "n/a";
      };
      return {
        seconds: (b.at - a.at) / 1000,
        ponderCpu: b.ponder - a.ponder,
        postgresCpu: a.pg && b.pg ? backendCpuBetween(a.pg, b.pg) : Number.NaN,
        rowsRead: a.pg && b.pg ? b.pg.rowsRead - a.pg.rowsRead : Number.NaN,
        userRows: database ? sum(b.tables) - sum(a.tables) : Number.NaN,
        pollerRows: pollerRows(b.status) - pollerRows(a.status),
        rounds: `${rounds("sink")}, ${rounds("follower")}`,
      };
    };

    log(`${store}: at rest for ${restSeconds} s`);
    const restStart = await sample();
    await sleep(restSeconds * 1000);
    const restEnd = await sample();
    const restReaders = topReaders(restStart.tables, restEnd.tables, 8);
    const rest = phase(restStart, restEnd);

    log(`${store}: mining ${blockCount} blocks, one a second, ${perBlock} inferences each`);
    const rowsBefore = await indexedRowCount(hub.ponder.graphqlUrl);
    // A backend reports its table reads to pg_stat up to 10 s late (PGSTAT_IDLE_INTERVAL): wait
    // them out, or the count above (every table's count(*)) lands in the blocks' reads.
    await sleep(11_000);
    const blocksStart = await sample();
    for (let i = 0; i < blockCount; i++) {
      const started = performance.now();
      const planned = [];
      for (let k = 0; k < perBlock; k++) {
        const p = producer.plan(callers, () => false);
        if (p) planned.push(p);
      }
      await producer.send(planned);
      await sim.devnet.writer.mine();
      const left = 1000 - (performance.now() - started);
      if (left > 0) await sleep(left);
    }
    head = await sim.devnet.writer.client.getBlockNumber();
    await hub.ponder.waitForBlock(head, 600_000);
    await waitUntil("the hub to settle after the blocks", () => settled(base, head));
    const blocksEnd = await sample();
    const blockReaders = topReaders(blocksStart.tables, blocksEnd.tables, 8);
    const rowsAdded = (await indexedRowCount(hub.ponder.graphqlUrl)) - rowsBefore;
    return { store, rest, blocks: { ...phase(blocksStart, blocksEnd), blocks: blockCount, rowsAdded }, restReaders, blockReaders };
  } finally {
    await inDb?.end();
    await hub.ponder.stop();
    if (database) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const pct = (cpu: number, seconds: number) => (Number.isNaN(cpu) ? "in Ponder" : ((100 * cpu) / seconds).toFixed(1));
const num = (n: number, digits = 1) => (Number.isNaN(n) ? "n/a" : n.toFixed(digits));
/** Rows read: the server's counters where there is a server, else what the pollers' own queries returned. */
const reads = (p: Phase) => (Number.isNaN(p.rowsRead) ? p.pollerRows : p.rowsRead);

const sim = await startSimulatedDevnet({ seed: values.seed!, scale });
try {
  log(`simulated ${scale}: blocks ${sim.result.firstBlock}..${sim.result.lastBlock}, ${sim.result.inferences} inferences`);
  const callers = deriveActors(values.seed!, SCALES[scale]).callers;
  const producer = new InferenceProducer(sim.result.world, sim.devnet.writer, sim.store, sim.devnet.deployment.contracts.AttributionEngine, new SeededRandom(`idle:${values.seed}`));
  const results: StoreResult[] = [];
  try {
    for (const store of values.stores!.split(",") as ("pglite" | "postgres")[]) results.push(await runStore(sim, producer, callers, store));
  } finally {
    await producer.close();
  }

  console.log(`\nAt rest: ${restSeconds} s, no new blocks (${scale} simulation indexed, ClickHouse caught up, every claim verified)`);
  printTable(
    ["store", "Ponder process CPU %", "Postgres backends CPU %", "rows read/s: server (all)", "user tables", "sink+follower (own queries)", "rounds/resyncs: sink, follower"],
    results.map((r) => [r.store, pct(r.rest.ponderCpu, r.rest.seconds), pct(r.rest.postgresCpu, r.rest.seconds), num(r.rest.rowsRead / r.rest.seconds), num(r.rest.userRows / r.rest.seconds), num(r.rest.pollerRows / r.rest.seconds), r.rest.rounds]),
  );
  console.log(`\nBlocks: ${blockCount} blocks of ${perBlock} inferences each, one a second, until the hub was idle again`);
  printTable(
    ["store", "rows added/block", "read/block: server (all)", "user tables", "sink+follower", "read/added: server", "user tables", "sink+follower", "Ponder CPU s/block", "Postgres CPU s/block", "rounds/resyncs: sink, follower"],
    results.map((r) => {
      const b = r.blocks;
      const per = (n: number) => num(n / b.blocks);
      const ratio = (n: number) => num(n / b.rowsAdded, 2);
      return [r.store, per(b.rowsAdded), per(b.rowsRead), per(b.userRows), per(b.pollerRows), ratio(b.rowsRead), ratio(b.userRows), ratio(b.pollerRows), num(b.ponderCpu / b.blocks, 3), num(b.postgresCpu / b.blocks, 3), b.rounds];
    }),
  );
  for (const r of results.filter((x) => x.store === "postgres")) console.log(`\nPostgres rows read by table (seq + index), at rest: ${r.restReaders}; during the blocks: ${r.blockReaders}`);
  const figures = results.map((r) => ({
    store: r.store,
    restCpu: (100 * (r.rest.ponderCpu + (Number.isNaN(r.rest.postgresCpu) ? 0 : r.rest.postgresCpu))) / r.rest.seconds,
    restRows: reads(r.rest) / r.rest.seconds,
    ratio: reads(r.blocks) / r.blocks.rowsAdded,
  }));
  const worst = (key: "restCpu" | "restRows" | "ratio") => Math.max(...figures.map((f) => f[key]));
  const each = results
    .map((r, i) => {
      const f = figures[i]!;
      return `rest_cpu_pct_${f.store}=${f.restCpu.toFixed(2)} rest_rows_per_s_${f.store}=${f.restRows.toFixed(1)} block_rows_ratio_${f.store}=${f.ratio.toFixed(2)} block_rows_ratio_pollers_${f.store}=${(r.blocks.pollerRows / r.blocks.rowsAdded).toFixed(2)}`;
    })
    .join(" ");
  console.log(`BENCH idle rest_cpu_pct=${worst("restCpu").toFixed(2)} rest_rows_per_s=${worst("restRows").toFixed(1)} block_rows_ratio=${worst("ratio").toFixed(2)} ${each}`);
} finally {
  await sim.stop();
}
