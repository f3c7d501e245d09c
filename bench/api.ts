/**
 * `npm run bench -- api [--scale medium|small] [--seconds 10] [--connections 50] [--stores postgres,pglite]`:
 * the provenance API under load. The simulation is indexed by the hub (Ponder serving
 * api/app.ts, with the analytics sink and the replay worker beside it) on the Postgres server;
 * 50 autocannon connections ask each audit question for a new id each time, first through
 * /graphql (one request a question), then through Ponder's generated API at /ponder/graphql
 * (as many requests as it needs, counted), in the same run. Analytics questions run while new
 * blocks are mined and the sink follows them. Then the provenance figures on PGlite.
 */
import { hubEnv } from "../core/config/index.js";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseScale } from "../devnet/simulator/scale.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { loadQuestion, type BenchIds, type Kind, type LoadResult, type Question } from "./_api-load.js";
import { askGraphql, startBenchHub, type BenchStore } from "./_api-hub.js";
import { add, ponderAccount, ponderDatanet, ponderInference, ponderLineage, ponderPagedAggregate, PONDER_LINEAGE_QUERY } from "./_api-ponder-questions.js";
import { provenanceQuestions, servesProvenanceSchema } from "./_api-provenance-questions.js";
import { printTable } from "./_table.js";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "medium" },
    seed: { type: "string", default: "bench" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    stores: { type: "string", default: "postgres,pglite" },
  },
});
const scale = parseScale(values.scale!);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const stores = values.stores!.split(",") as BenchStore[];
const serverUrl = hubEnv().BENCH_POSTGRES_URL ?? hubEnv().TEST_POSTGRES_URL;
const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

type Row = { store: BenchStore; api: "provenance" | "ponder"; kind: Kind | "cached"; question: string; result: LoadResult };

const shuffle = <T>(list: T[]): T[] => list.map((v) => [Math.random(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);

/** Ids to ask about, read once through /ponder/graphql, and a check that Ponder's one-request lineage is complete. */
async function sampleIds(ponderUrl: string): Promise<BenchIds> {
  type P<T> = { totalCount: number; items: T[] };
  const d = await askGraphql<{ inferences: P<{ id: string; blockTimestamp: string }>; modelContributors: P<{ contributor: string }>; datanets: P<{ id: string }>; models: P<{ id: string }>; rewards: P<never>; last: P<{ blockTimestamp: string }> }>(
    ponderUrl,
    `{ inferences(limit: 1000, orderBy: "id") { totalCount items { id blockTimestamp } } last: inferences(limit: 1, orderBy: "id", orderDirection: "desc") { totalCount items { blockTimestamp } }
       modelContributors(limit: 1000) { totalCount items { contributor } } datanets(limit: 100) { totalCount items { id } } models(limit: 100) { totalCount items { id } } rewards(limit: 1) { totalCount items { id } } }`,
  );
  for (const { id } of d.models.items) {
    type L = { model: { runs: P<{ datasets: P<{ datanetVersion: { members: P<unknown> } | null }> }> } };
    const lineage = await askGraphql<L>(ponderUrl, PONDER_LINEAGE_QUERY, { id });
    const runs = lineage.model.runs;
    const fits = runs.totalCount <= 10 && runs.items.every((r) => r.datasets.totalCount <= 9 && r.datasets.items.every((s) => (s.datanetVersion?.members.totalCount ?? 0) <= 1000));
    if (!fits) throw new Error(`model ${id}'s lineage does not fit Ponder's one-request page sizes; the bench would compare unequal answers`);
  }
  const from = Number(d.inferences.items[0]?.blockTimestamp ?? 0);
  const to = Number(d.last.items[0]?.blockTimestamp ?? from) + 1;
  return {
    inferences: shuffle(d.inferences.items.map((i) => i.id)),
    accounts: shuffle([...new Set(d.modelContributors.items.map((c) => c.contributor))]),
    datanets: d.datanets.items.map((x) => x.id),
    models: d.models.items.map((x) => x.id),
    rewardPages: Math.ceil(d.rewards.totalCount / 1000) + 1,
    inferencePages: Math.ceil(d.inferences.totalCount / 1000) + 1,
    range: { from, to },
  };
}

function ponderQuestions(ids: BenchIds): { kind: Kind; question: Question }[] {
  return [
    { kind: "point", question: { name: "inference by id", steps: ponderInference, ids: ids.inferences } },
    { kind: "point", question: { name: "account", steps: ponderAccount, ids: ids.accounts } },
    { kind: "point", question: { name: "datanet", steps: ponderDatanet, ids: ids.datanets } },
    { kind: "lineage", question: { name: "full model lineage", steps: ponderLineage, ids: ids.models } },
    {
      kind: "analytics",
      question: {
        name: "top contributors",
        steps: ponderPagedAggregate("rewards", "contributor amount", "", ids.rewardPages, (rows, acc) => rows.forEach((r) => add(acc, r.contributor!, BigInt(r.amount!)))),
        ids: ["all"],
      },
    },
    {
      kind: "analytics",
      question: {
        name: "inference volume per model, hourly",
        steps: ponderPagedAggregate("inferences", "modelId fee blockTimestamp", `{ blockTimestamp_gte: "${ids.range.from}", blockTimestamp_lt: "${ids.range.to}" }`, ids.inferencePages, (rows, acc) =>
          rows.forEach((r) => add(acc, `${r.modelId}:${Math.floor(Number(r.blockTimestamp) / 3600)}`, BigInt(r.fee!))),
        ),
        ids: ["all"],
      },
    },
  ];
}

/** New blocks while the analytics questions run, so the sink is following the head meanwhile. */
function mineWhile(rpcUrl: string): () => void {
  const timer = setInterval(() => void fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }) }).catch(() => undefined), 500);
  return () => clearInterval(timer);
}

/** The sink's synced block from /hub/status, until it reaches the chain's last block. */
async function waitForSink(base: string, lastBlock: bigint): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const status = (await (await fetch(`${base}/hub/status`)).json().catch(() => ({}))) as { analyticsLag?: { syncedBlock: string } | null };
    if (status.analyticsLag && BigInt(status.analyticsLag.syncedBlock) >= lastBlock) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  log("the analytics sink did not catch up within 5 minutes; measuring anyway");
}

const rows: Row[] = [];
const sim = await startSimulatedDevnet({ seed: values.seed!, scale });
log(`simulated ${scale}: blocks ${sim.result.firstBlock}..${sim.result.lastBlock}, ${sim.result.inferences} inferences`);
try {
  let ids: BenchIds | undefined;
  for (const store of stores) {
    const hub = await startBenchHub({ store, deploymentFile: sim.deploymentFile, artifactsDir: join(sim.dataDir, "artifacts"), serverUrl });
    try {
      const started = performance.now();
      await hub.ponder.waitForBlock(sim.result.lastBlock, 1_800_000);
      log(`${store}: indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await waitForSink(hub.ponder.url, sim.result.lastBlock);
      log(`${store}: the analytics sink has caught up`);
      const ponderUrl = `${hub.ponder.url}/ponder/graphql`;
      const provenanceUrl = `${hub.ponder.url}/graphql`;
      ids ??= await sampleIds(ponderUrl);
      const apis: { api: Row["api"]; url: string; questions: { kind: Kind; question: Question }[] }[] = [];
      if (await servesProvenanceSchema(provenanceUrl)) apis.push({ api: "provenance", url: provenanceUrl, questions: await provenanceQuestions(provenanceUrl, ids) });
      else log(`${store}: /graphql does not serve the provenance schema yet; only Ponder's API is measured`);
      // Ponder's generated API is compared on the Postgres server, as the issue asks.
      if (store === "postgres") apis.push({ api: "ponder", url: ponderUrl, questions: ponderQuestions(ids) });
      for (const { api, url, questions } of apis) {
        // The provenance API is measured without its response cache (each answer computed);
        // one extra row shows the lineage served from the cache while the head stands still.
        const cached = questions.find((q) => q.kind === "lineage");
        const runs = api === "provenance" && cached ? [...questions, { kind: "cached" as const, question: { ...cached.question, name: `${cached.question.name} (response cache)` } }] : questions;
        for (const { kind, question } of runs) {
          const headers = api === "provenance" && kind !== "cached" ? { "cache-control": "no-cache" } : undefined;
          const stopMining = kind === "analytics" ? mineWhile(sim.devnet.rpcUrl) : () => undefined;
          try {
            await loadQuestion({ url, question, connections, seconds: 1, headers }); // warm-up: JIT, pools
            const result = await loadQuestion({ url, question, connections, seconds, headers });
            rows.push({ store, api, kind, question: question.name, result });
            log(`${store} ${api} ${question.name}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50Ms.toFixed(1)} ms p99 ${result.p99Ms.toFixed(1)} ms, ${result.requestsPerQuestion.toFixed(1)} requests a question, ${result.failures} failed`);
          } finally {
            stopMining();
          }
        }
      }
    } finally {
      await hub.dispose();
    }
  }
} finally {
  await sim.stop();
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
printTable(
  ["store", "API", "question", "questions/s", "p50 ms", "p99 ms", "requests/question", "failed"],
  rows.map((r) => [r.store, r.api, r.question, fmt(r.result.perSecond), fmt(r.result.p50Ms, 1), fmt(r.result.p99Ms, 1), fmt(r.result.requestsPerQuestion, 1), String(r.result.failures)]),
);

// Speed-up per question on Postgres: the provenance API's p50 against Ponder's, and throughput against throughput.
const on = (api: Row["api"], question: string) => rows.find((r) => r.store === "postgres" && r.api === api && r.question === question);
const speedups = rows
  .filter((r) => r.store === "postgres" && r.api === "provenance" && r.kind !== "cached")
  .map((r) => {
    const ponder = on("ponder", r.question);
    return { question: r.question, latency: ponder ? ponder.result.p50Ms / r.result.p50Ms : Number.NaN, throughput: ponder ? r.result.perSecond / ponder.result.perSecond : Number.NaN };
  });
if (speedups.length) {
  console.log("");
  printTable(["question", "p50 speed-up vs Ponder", "throughput speed-up vs Ponder"], speedups.map((s) => [s.question, `${fmt(s.latency, 1)}x`, `${fmt(s.throughput, 1)}x`]));
}
const provenance = rows.filter((r) => r.store === "postgres" && r.api === "provenance");
const worst = (kind: Kind, pick: (r: LoadResult) => number, reduce: (a: number, b: number) => number) => provenance.filter((r) => r.kind === kind).map((r) => pick(r.result)).reduce(reduce, Number.NaN);
const max = (a: number, b: number) => (Number.isNaN(a) ? b : Math.max(a, b));
const min = (a: number, b: number) => (Number.isNaN(a) ? b : Math.min(a, b));
const minSpeedup = speedups.map((s) => Math.min(s.latency, s.throughput)).reduce(min, Number.NaN);
console.log(
  `BENCH api point_rps=${fmt(worst("point", (r) => r.perSecond, min))} point_p99_ms=${fmt(worst("point", (r) => r.p99Ms, max), 1)} lineage_p99_ms=${fmt(worst("lineage", (r) => r.p99Ms, max), 1)} analytics_p99_ms=${fmt(worst("analytics", (r) => r.p99Ms, max), 1)} min_speedup_vs_ponder=${fmt(minSpeedup, 1)}`,
);
