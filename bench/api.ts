/**
 * `npm run bench -- api [--scale medium|small|large] [--seconds 10] [--connections 50] [--stores postgres,pglite]`:
 * the provenance API under load. The simulation is indexed by the hub (Ponder serving
 * api/app.ts, with the analytics sink and the replay worker beside it) on the Postgres server;
 * before any timing, every audit question is asked of both APIs for a few ids and the bench
 * stops if the key figures of the two answers differ. Then autocannon connections ask each
 * question for a new id each time, first through /graphql (one request a question), then
 * through Ponder's generated API at /ponder/graphql (as many requests as it needs, counted), in
 * the same run. Analytics questions run while new blocks are mined and the sink follows them.
 * Then the provenance figures on PGlite (embedded).
 */
import { hubEnv } from "../core/config/index.js";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseScale } from "../devnet/simulator/scale.js";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { askOnce, loadQuestion, type BenchIds, type Kind, type LoadResult, type Question } from "./_api-load.js";
import { askGraphql, BENCH_HTTP_RATE, startBenchHub, type BenchStore } from "./_api-hub.js";
import { differences } from "./_api-figures.js";
import { ponderQuestions } from "./_api-ponder-questions.js";
import { provenanceQuestions, servesProvenanceSchema, type AnalyticsPath } from "./_api-provenance-questions.js";
import { measureCpu, type CpuSplit } from "./_api-cpu.js";
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

type Row = { store: BenchStore; api: "provenance" | "ponder"; kind: Kind | "cached"; question: string; result: LoadResult; cpu: CpuSplit };

const shuffle = <T>(list: T[]): T[] => list.map((v) => [Math.random(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);

/** Ids to ask about, read once through /ponder/graphql (outside the timed runs). */
async function sampleIds(ponderUrl: string): Promise<BenchIds> {
  type P<T> = { totalCount: number; items: T[] };
  const d = await askGraphql<{ inferences: P<{ id: string; blockTimestamp: string }>; modelContributors: P<{ contributor: string }>; datanets: P<{ id: string }>; models: P<{ id: string }>; proposals: P<{ id: string }>; rewards: P<never>; attributionShares: P<never>; last: P<{ blockTimestamp: string }> }>(
    ponderUrl,
    `{ inferences(limit: 1000, orderBy: "id") { totalCount items { id blockTimestamp } } last: inferences(limit: 1, orderBy: "id", orderDirection: "desc") { totalCount items { blockTimestamp } }
       modelContributors(limit: 1000) { totalCount items { contributor } } datanets(limit: 100) { totalCount items { id } } models(limit: 100) { totalCount items { id } }
       proposals(limit: 100) { totalCount items { id } } rewards(limit: 1) { totalCount } attributionShares(limit: 1) { totalCount } }`,
  );
  const from = Number(d.inferences.items[0]?.blockTimestamp ?? 0);
  const to = Number(d.last.items[0]?.blockTimestamp ?? from) + 1;
  return {
    inferences: shuffle(d.inferences.items.map((i) => i.id)),
    accounts: shuffle([...new Set(d.modelContributors.items.map((c) => c.contributor))]),
    datanets: d.datanets.items.map((x) => x.id),
    models: d.models.items.map((x) => x.id),
    proposals: d.proposals.items.map((x) => x.id),
    rewardPages: Math.ceil(d.rewards.totalCount / 1000) + 1,
    inferencePages: Math.ceil(d.inferences.totalCount / 1000) + 1,
    sharePages: Math.ceil(d.attributionShares.totalCount / 1000) + 1,
    range: { from, to },
  };
}

/**
 * Asks each question of both APIs for a few ids (every id of the short lists) and stops the
 * bench if the key figures differ: the timed comparison is only fair between equal answers.
 */
async function checkSameAnswers(provenanceUrl: string, provenance: { question: Question }[], ponderUrl: string, ponder: { question: Question }[]): Promise<void> {
  for (const { question } of provenance) {
    const other = ponder.find((p) => p.question.name === question.name)?.question;
    if (!other) throw new Error(`no Ponder-side question "${question.name}" to compare with`);
    const sample = question.ids.length <= 12 ? question.ids : question.ids.slice(0, 8);
    const requests: number[] = [];
    let figures: string[] = [];
    for (const id of sample) {
      const a = await askOnce(provenanceUrl, question, id);
      const b = await askOnce(ponderUrl, other, id);
      const diff = differences(a.figures, b.figures);
      if (diff.length) throw new Error(`"${question.name}" (${id}): the provenance API and Ponder's API answer differently:\n  ${diff.join("\n  ")}`);
      requests.push(b.requests);
      figures = Object.keys(a.figures);
    }
    log(`same answers: ${question.name}, ${sample.length} ids, figures ${figures.join(", ")}; Ponder's API took ${Math.min(...requests)}–${Math.max(...requests)} requests`);
  }
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

log(`rate limits: /graphql and /ponder/graphql exempt loopback clients by default (limitLoopback false), so nothing changed there; the JSON routes' per-address limit (HUB_RATE_PER_SECOND 50, HUB_RATE_BURST 100 by default) has no loopback exemption and would answer most of 50 clients' /analytics requests 429, so this bench sets it to ${BENCH_HTTP_RATE.perSecond}/s, burst ${BENCH_HTTP_RATE.burst}`);
const rows: Row[] = [];
let analyticsPath: AnalyticsPath | undefined;
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
      if (!(await servesProvenanceSchema(provenanceUrl))) throw new Error(`${store}: /graphql does not serve the provenance schema`);
      const provenance = await provenanceQuestions(provenanceUrl, ids);
      analyticsPath = provenance.analyticsPath;
      if (provenance.analyticsNote) log(`${store}: ${provenance.analyticsNote}`);
      const ponder = ponderQuestions(ids);
      // Every store answers the same questions: the check runs on each (PGlite included).
      await checkSameAnswers(provenanceUrl, provenance.questions, ponderUrl, ponder);
      const apis: { api: Row["api"]; url: string; questions: { kind: Kind; question: Question }[] }[] = [{ api: "provenance", url: provenanceUrl, questions: provenance.questions }];
      // Ponder's generated API is compared on the Postgres server, as the issue asks.
      if (store === "postgres") apis.push({ api: "ponder", url: ponderUrl, questions: ponder });
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
            const cpuDone = await measureCpu(hub.pid(), serverUrl, hub.database);
            const result = await loadQuestion({ url, question, connections, seconds, headers });
            const cpu = await cpuDone();
            rows.push({ store, api, kind, question: question.name, result, cpu });
            log(`${store} ${api} ${question.name}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50Ms.toFixed(1)} ms p99 ${result.p99Ms.toFixed(1)} ms, ${result.requestsPerQuestion.toFixed(1)} requests a question, ${result.questions} answered, ${result.unfinished} in flight at the end${result.p99IsLowerBound ? " (p99 is a lower bound)" : ""}, ${result.failures} failed${result.firstFailure ? ` (first: ${result.firstFailure})` : ""}; CPU s: Ponder ${cpu.ponder.toFixed(1)}, Postgres ${cpu.postgres.toFixed(1)}, bench ${cpu.client.toFixed(1)}, other jobs ${cpu.others.toFixed(1)} in ${cpu.wallSeconds.toFixed(1)} s`);
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
const via = (r: Row) => (r.kind === "analytics" && r.api === "provenance" ? ` (${analyticsPath === "graphql" ? "GraphQL analytics field" : "JSON /analytics route"})` : "");
console.log("");
console.log(`${connections} connections, ${seconds} s a question after a 1 s warm-up, scale ${scale}; questions/s and latency are per question (all its requests)`);
printTable(
  ["store", "API", "question", "questions/s", "p50 ms", "p99 ms", "requests/question", "answered", "in flight at the end", "failed"],
  rows.map((r) => [r.store, r.api, `${r.question}${via(r)}`, fmt(r.result.perSecond, 1), fmt(r.result.p50Ms, 1), `${r.result.p99IsLowerBound ? "≥ " : ""}${fmt(r.result.p99Ms, 1)}`, fmt(r.result.requestsPerQuestion, 1), String(r.result.questions), String(r.result.unfinished), String(r.result.failures)]),
);

// Where the CPU went in each run, per answered question, and how busy the rest of the machine was.
console.log("");
console.log("CPU per answered question (ms) by process, and the other jobs' use of the machine's 2 cores during the run");
// A run that answered nothing has no per-question figure (its CPU went to questions still in flight).
const perQuestion = (seconds: number, r: Row) => (r.result.questions ? fmt((seconds * 1000) / r.result.questions, 1) : `– (${fmt(seconds, 1)} s, none answered)`);
printTable(
  ["store", "API", "question", "Ponder process", "Postgres backends", "bench client", "other processes, cores busy"],
  rows.map((r) => [r.store, r.api, `${r.question}${via(r)}`, perQuestion(r.cpu.ponder, r), r.store === "postgres" ? perQuestion(r.cpu.postgres, r) : "in Ponder", perQuestion(r.cpu.client, r), fmt(r.cpu.others / r.cpu.wallSeconds, 2)]),
);

// Speed-up per question on Postgres: Ponder's p50 against the provenance API's, and throughput against throughput.
const on = (api: Row["api"], question: string) => rows.find((r) => r.store === "postgres" && r.api === api && r.question === question);
const speedups = rows
  .filter((r) => r.store === "postgres" && r.api === "provenance" && r.kind !== "cached")
  .map((r) => {
    const ponder = on("ponder", r.question);
    return { question: `${r.question}${via(r)}`, latency: ponder ? ponder.result.p50Ms / r.result.p50Ms : Number.NaN, throughput: ponder ? r.result.perSecond / ponder.result.perSecond : Number.NaN };
  });
if (speedups.length) {
  console.log("");
  // Infinite: Ponder's API answered none within the run. Where Ponder's p50 landed on a question
  // still in flight at the end, the p50 ratio is a lower bound.
  const ratio = (n: number) => (n === Number.POSITIVE_INFINITY ? `– (Ponder answered none in ${seconds} s)` : `${fmt(n, 1)}x`);
  printTable(["question", "p50 speed-up vs Ponder", "throughput speed-up vs Ponder"], speedups.map((s) => [s.question, ratio(s.latency), ratio(s.throughput)]));
}
const provenanceRows = rows.filter((r) => r.store === "postgres" && r.api === "provenance");
const worst = (kind: Kind, pick: (r: LoadResult) => number, reduce: (a: number, b: number) => number) => provenanceRows.filter((r) => r.kind === kind).map((r) => pick(r.result)).reduce(reduce, Number.NaN);
const max = (a: number, b: number) => (Number.isNaN(a) ? b : Math.max(a, b));
const min = (a: number, b: number) => (Number.isNaN(a) ? b : Math.min(a, b));
// Over the questions with a finite ratio: where Ponder's API answered nothing in the run there is no ratio to take.
const minSpeedup = speedups.map((s) => Math.min(s.latency, s.throughput)).filter(Number.isFinite).reduce(min, Number.NaN);
const failed = rows.reduce((n, r) => n + r.result.failures, 0);
if (failed) console.log(`${failed} questions failed (see the log lines above); the figures count only answered questions`);
const pglite = rows.filter((r) => r.store === "pglite" && r.api === "provenance" && r.kind !== "cached");
if (pglite.length) {
  const worstOf = (kind: Kind, pick: (r: LoadResult) => number, reduce: (a: number, b: number) => number) => pglite.filter((r) => r.kind === kind).map((r) => pick(r.result)).reduce(reduce, Number.NaN);
  console.log(`embedded (PGlite): point_rps=${fmt(worstOf("point", (r) => r.perSecond, min))} point_p99_ms=${fmt(worstOf("point", (r) => r.p99Ms, max), 1)} lineage_p99_ms=${fmt(worstOf("lineage", (r) => r.p99Ms, max), 1)} analytics_p99_ms=${fmt(worstOf("analytics", (r) => r.p99Ms, max), 1)}`);
}
console.log(
  `BENCH api point_rps=${fmt(worst("point", (r) => r.perSecond, min))} point_p99_ms=${fmt(worst("point", (r) => r.p99Ms, max), 1)} lineage_p99_ms=${fmt(worst("lineage", (r) => r.p99Ms, max), 1)} analytics_p99_ms=${fmt(worst("analytics", (r) => r.p99Ms, max), 1)} min_speedup_vs_ponder=${fmt(minSpeedup, 1)}`,
);
