/**
 * `npx tsx bench/_api-probe.ts [postgres|pglite]`: where a request's time goes, for bench/api's README notes.
 * The hub on the small simulation with a V8 CPU profile of its Ponder process (`--cpu-prof`):
 * one-at-a-time latency of trivial and real requests on each endpoint, then 50 connections of
 * `{ __typename }` on both GraphQL endpoints and of `GET /health`. Prints the profile's path;
 * summarise its last seconds with `npx tsx bench/_cpu-profile.ts FILE SECONDS`.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { mkdirSync, readdirSync } from "node:fs";
import { startSimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { hubEnv } from "../core/config/index.js";
import { startBenchHub } from "./_api-hub.js";
import { loadQuestion, graphqlStep } from "./_api-load.js";
const store = (process.argv[2] ?? "postgres") as "postgres" | "pglite";
const profDir = `${tmpdir()}/ph-api-probe-${store}-${Date.now()}`;
mkdirSync(profDir, { recursive: true });
const sim = await startSimulatedDevnet({ seed: "bench", scale: "small" });
const hub = await startBenchHub({ store, deploymentFile: sim.deploymentFile, artifactsDir: join(sim.dataDir, "artifacts"), serverUrl: hubEnv().BENCH_POSTGRES_URL ?? hubEnv().TEST_POSTGRES_URL, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir}` } });
try {
  await hub.ponder.waitForBlock(sim.result.lastBlock, 1_800_000);
  const base = hub.ponder.url;
  const post = (path: string, query: string, variables = {}, headers: Record<string, string> = {}) => fetch(base + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) }).then((r) => r.text());
  const get = (path: string) => fetch(base + path).then((r) => r.text());
  const time = async (label: string, f: () => Promise<unknown>, n = 100) => {
    for (let i = 0; i < 10; i++) await f();
    const t: number[] = [];
    for (let i = 0; i < n; i++) { const s = performance.now(); await f(); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    console.log(`${label.padEnd(60)} p50 ${t[Math.floor(n / 2)]!.toFixed(2)} ms  p90 ${t[Math.floor(n * 0.9)]!.toFixed(2)} ms`);
  };
  const inf = `query($id: BigInt!) { inference(id: $id) { id fee model { id } } }`;
  await time("GET /health (Ponder's own route)", () => get("/health"));
  await time("GET /hub/status (hub JSON route)", () => get("/hub/status"));
  await time("/graphql { __typename }", () => post("/graphql", "{ __typename }", {}, { "cache-control": "no-cache" }));
  await time("/ponder/graphql { __typename }", () => post("/ponder/graphql", "{ __typename }"));
  await time("/graphql small inference(id), no-cache", () => post("/graphql", inf, { id: "5" }, { "cache-control": "no-cache" }));
  await time("/graphql small inference(id), response cache", () => post("/graphql", inf, { id: "5" }));
  await time("/ponder/graphql small inference(id)", () => post("/ponder/graphql", `query($id: BigInt!) { inference(id: $id) { id fee model { id } } }`, { id: "5" }));
  await time("GET /analytics/top-contributors", () => get("/analytics/top-contributors?limit=10"));
  const q = { name: "typename", ids: ["x"], figures: () => ({}), steps: [graphqlStep("{ __typename }", () => ({}))] };
  for (const [label, url] of [["/graphql", `${base}/graphql`], ["/ponder/graphql", `${base}/ponder/graphql`]] as const) {
    const r = await loadQuestion({ url, question: q, connections: 50, seconds: 8, headers: { "cache-control": "no-cache" } });
    console.log(`50 connections { __typename } on ${label}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50Ms.toFixed(1)} p99 ${r.p99Ms.toFixed(1)}`);
  }
  const hs = { name: "status", ids: ["x"], figures: () => ({}), steps: [{ method: "GET" as const, path: () => "/health", body: () => "", read: () => true }] };
  const r = await loadQuestion({ url: `${base}/graphql`, question: hs, connections: 50, seconds: 8 });
  console.log(`50 connections GET /health: ${r.perSecond.toFixed(0)}/s p50 ${r.p50Ms.toFixed(1)} p99 ${r.p99Ms.toFixed(1)}`);
} finally {
  await hub.dispose();
  await sim.stop();
}
console.log("profiles:", readdirSync(profDir).map((f) => join(profDir, f)).join(" "));
