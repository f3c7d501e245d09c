/**
 * Bounded work from outside, against the real hub (Ponder with the embedded sink and replay on
 * PGlite and chDB): every bad input answers below 500 with a stable code and nothing internal
 * (no SQL, engine message, stack or path); the SQL client needs its key and refuses what is not
 * one read-only SELECT, as JSON; a heavy /sql query is refused while /status still answers
 * within 1 s; request bodies and per-client rates are bounded; verdicts carry their evidence;
 * /hub/status measures lag against the chain head; the GraphQL API follows the API_* settings
 * and answers the analytics questions.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import superjson from "superjson";
import { openTokenAbi } from "../contracts-abi/generated/index.js";
import type { HubIndexer } from "../hub/indexer.js";
import { PROJECT_ROOT } from "../hub/ponder-process.js";
import { postGraphql } from "./api/_graphql-client.js";
import { getJson, startTestHubIndexer, waitUntil } from "./_setup/hub-indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

const KEY = "test-sql-key";
let sim: SimulatedDevnet;
let indexer: HubIndexer;
let base: string;
const log: string[] = [];

before(async () => {
  sim = await startSimulatedDevnet({ seed: "http-hardening", scale: "small", dishonestShare: 0.1 });
  // The Ponder process gets these: the SQL client on (it is off by default on PGlite) with a key.
  // A low rate limit, so that the flood test below reaches it on a loaded machine too.
  // And the GraphQL settings from the configuration: a smaller page cap, introspection off.
  const settings = { HUB_SQL: "on", HUB_SQL_API_KEY: KEY, HUB_RATE_PER_SECOND: "10", HUB_RATE_BURST: "30", API_MAX_PAGE: "200", API_INTROSPECTION: "off" };
  indexer = await startTestHubIndexer(sim, { log, env: settings });
  base = indexer.ponder.url;
  await indexer.waitReady();
  await indexer.waitForBlock(sim.result.lastBlock);
  type Status = { analyticsLag: { syncedBlock: string } | null };
  type Replay = { verdicts: number };
  await waitUntil("sink and replay", async () => {
    const s = await getJson<Status>(`${base}/hub/status`);
    const r = await getJson<Replay>(`${base}/replay/status`);
    return Number(s.body.analyticsLag?.syncedBlock ?? 0) >= Number(sim.result.lastBlock) && r.body.verdicts >= sim.result.inferences;
  }, 180_000);
});
after(async () => {
  if (indexer?.supervisor.restarts.length) console.log(log.join("\n"));
  await indexer?.stop();
  await sim?.stop();
});

const INTERNALS = /SELECT .* FROM|DB::|Exception|node_modules|\/work\/|\/tmp\/|\bat [\w.<>]+ \(|\[object Object\]|Code: \d+/;

async function expectClientError(path: string, status: number, code: string, init?: RequestInit) {
  const r = await getJson<{ error: { code: string; message: string } }>(`${base}${path}`, init);
  assert.equal(r.status, status, `${path}: ${r.text}`);
  assert.ok(r.status < 500);
  assert.equal(r.body?.error?.code, code, `${path}: ${r.text}`);
  assert.doesNotMatch(r.text, INTERNALS, `${path} leaks internals: ${r.text}`);
}

const sqlParam = (sql: string) => encodeURIComponent(superjson.stringify({ sql, params: [], typings: [] }));
const withKey = { headers: { authorization: `Bearer ${KEY}` } };

test("out-of-range numbers and ids answer 400 API_BAD_REQUEST, never a ClickHouse error", async () => {
  await expectClientError(`/analytics/inference-volume?models=${2n ** 70n}`, 400, "API_BAD_REQUEST");
  await expectClientError(`/analytics/attribution-concentration?models=1,${2n ** 64n}`, 400, "API_BAD_REQUEST");
  await expectClientError("/analytics/inference-volume?from=99999999999", 400, "API_BAD_REQUEST");
  await expectClientError("/analytics/inference-volume?bucket=1e3", 400, "API_BAD_REQUEST");
  await expectClientError("/analytics/top-contributors?limit=1000000", 400, "API_BAD_REQUEST");
  await expectClientError("/analytics/top-contributors?per=nope", 400, "API_BAD_REQUEST");
  await expectClientError("/analytics/datanet-usage?from=1767300000&to=1767200000", 400, "ANALYTICS_BAD_RANGE");
  await expectClientError("/replay/verdicts?after=-1", 400, "API_BAD_REQUEST");
  await expectClientError("/replay/verdicts?limit=0", 400, "API_BAD_REQUEST");
  const ok = await getJson<unknown[]>(`${base}/analytics/inference-volume?models=1,2&bucket=86400`);
  assert.equal(ok.status, 200);
});

test("the SQL client: its protocol at /sql, its key required, bad input as JSON with a code", async () => {
  const protocol = await getJson<{ enabled: boolean; endpoints: Record<string, string> }>(`${base}/sql`);
  assert.equal(protocol.status, 200);
  assert.equal(protocol.body.enabled, true);
  assert.ok(Object.keys(protocol.body.endpoints).some((e) => e.includes("/sql/db")));
  await expectClientError(`/sql/db?sql=${sqlParam("SELECT count(*) FROM inference")}`, 401, "API_UNAUTHORIZED");
  await expectClientError("/sql/db?sql=not-superjson", 400, "SQL_REJECTED", withKey);
  await expectClientError("/sql/db", 400, "SQL_REJECTED", withKey);
  await expectClientError(`/sql/db?sql=${sqlParam("DELETE FROM inference")}`, 400, "SQL_REJECTED", withKey);
  await expectClientError(`/sql/db?sql=${sqlParam("SELECT * FROM pg_catalog.pg_authid")}`, 400, "SQL_REJECTED", withKey);
  const good = await getJson<{ rows: unknown[][] }>(`${base}/sql/db?sql=${sqlParam("SELECT count(*) FROM inference")}`, withKey);
  assert.equal(good.status, 200, good.text);
});

test("a heavy /sql query is refused and /status answers within 1 s meanwhile", async () => {
  const heavy = sqlParam("SELECT count(*) FROM token_transfer a, token_transfer b, token_transfer c, token_transfer d");
  const [refused, status] = await Promise.all([
    getJson<{ error: { code: string } }>(`${base}/sql/db?sql=${heavy}`),
    fetch(`${base}/status`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status),
  ]);
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error.code, "API_UNAUTHORIZED");
  assert.equal(status, 200);
});

test("request bodies are bounded", async () => {
  const body = JSON.stringify({ query: `{ inferences { totalCount } }`, padding: "x".repeat(300 * 1024) });
  // Every route but the GraphQL endpoints, which bound bodies themselves in GraphQL's error format (test/api/bad-input.test.ts).
  await expectClientError("/analytics/lag", 413, "API_PAYLOAD_TOO_LARGE", { method: "POST", headers: { "content-type": "application/json" }, body });
});

test("replay: no install path in /replay/status; verdicts carry claimed and observed weights and the reason", async () => {
  const status = await getJson<{ executionProvider: { provider: string } }>(`${base}/replay/status`);
  assert.equal(status.status, 200);
  assert.equal(status.body.executionProvider.provider, "cpu");
  assert.ok(!status.text.includes(PROJECT_ROOT) && !status.text.includes("node_modules"), status.text);
  type Record = { inferenceId: string; verdict: string; reason: string; reasonCode: string; claimedWeights: { contributionIds: string[]; weightsPpm: number[] }; observedWeights: unknown };
  const flagged = await getJson<Record[]>(`${base}/replay/verdicts?flagged=1`);
  assert.ok(flagged.body.length >= 1);
  for (const v of flagged.body) {
    assert.notEqual(v.verdict, "verified");
    assert.ok(v.reason.length > 0 && v.reasonCode.length > 0);
    assert.ok(v.claimedWeights.contributionIds.length > 0);
  }
  assert.ok(flagged.body.some((v) => v.verdict === "attribution_mismatch" && v.observedWeights !== null), "observed weights where recomputed");
  const page = await getJson<Record[]>(`${base}/replay/verdicts?limit=5`);
  const next = await getJson<Record[]>(`${base}/replay/verdicts?limit=5&after=${page.body.at(-1)!.inferenceId}`);
  assert.equal(page.body.length, 5);
  assert.ok(BigInt(next.body[0]!.inferenceId) > BigInt(page.body.at(-1)!.inferenceId));
});

test("/hub/status measures lag against the chain head; /hub/ready says ready", async () => {
  type Lag = { chain: { head: string }; components: { component: string; lagBlocks: number; stalled: boolean }[]; ready: boolean };
  const status = await getJson<{ lag: Lag; stores: Record<string, { outcome: string }> }>(`${base}/hub/status`);
  assert.equal(status.status, 200);
  const head = await sim.devnet.writer.client.getBlockNumber({ cacheTime: 0 });
  assert.equal(BigInt(status.body.lag.chain.head), head);
  assert.deepEqual(status.body.lag.components.map((c) => c.component), ["indexer", "sink", "replay"]);
  for (const c of status.body.lag.components) assert.equal(c.stalled, false);
  assert.equal(status.body.stores.indexer?.outcome, "created");
  const ready = await getJson<{ ready: boolean; lag: Lag }>(`${base}/hub/ready`);
  assert.equal(ready.status, 200, ready.text);
  // readiness states the indexing and the sink lag it decided on
  const lagOf = (name: string) => ready.body.lag.components.find((c) => c.component === name);
  assert.equal(typeof lagOf("indexer")?.lagBlocks, "number", ready.text);
  assert.equal(typeof lagOf("sink")?.lagBlocks, "number", ready.text);
});

const ANALYTICS_QUERY = `query HubAnalytics {
  analytics {
    lag { headBlock syncedBlock blocks seconds }
    inferenceVolume(bucketSeconds: 86400, modelIds: [1, 2]) { bucket modelId inferences fees }
    topContributors(per: datanet, limit: 2) { group contributor rewards rewardCount rank }
    attributionConcentration(topK: 3) { modelId contributors totalRewards topKShare gini }
    datanetUsage(datanetIds: [1]) { bucket datanetId inferences shares weightPpm rewards contributions }
    governanceTurnout { proposalId voters forWeight againstWeight abstainWeight totalWeight firstVoteBlock supply turnout }
  }
}`;

/** The JSON routes' rows and GraphQL's differ only in how numbers are written (BigInt is a string). */
const asText = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

test("GraphQL analytics: the JSON routes' answers with the sink's lag; bad ranges are BAD_USER_INPUT", async (t) => {
  type Row = Record<string, unknown>;
  type Analytics = { lag: { syncedBlock: string; blocks: string } } & Record<"inferenceVolume" | "topContributors" | "attributionConcentration" | "datanetUsage" | "governanceTurnout", Row[]>;
  const answer = await postGraphql<{ analytics: Analytics }>(`${base}/graphql`, ANALYTICS_QUERY);
  t.diagnostic(JSON.stringify(answer));
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  const a = answer.data!.analytics;
  assert.ok(BigInt(a.lag.syncedBlock) >= sim.result.lastBlock);
  assert.equal(a.lag.blocks, "0");
  for (const [field, route] of [
    ["inferenceVolume", "inference-volume?models=1,2&bucket=86400"],
    ["topContributors", "top-contributors?per=datanet&limit=2"],
    ["attributionConcentration", "attribution-concentration?top=3"],
    ["datanetUsage", "datanet-usage?datanets=1"],
    ["governanceTurnout", "governance-turnout"],
  ] as const) {
    const json = await getJson<Row[]>(`${base}/analytics/${route}`);
    assert.ok(json.body.length > 0, route);
    assert.deepEqual(asText(a[field]), asText(json.body), field);
  }
  // Not only the two paths agreeing: each proposal's supply is OPEN's totalSupply() at its first
  // vote on the chain (the start block's mint included), and turnout is the weight over it.
  for (const row of a.governanceTurnout) {
    const supply = await sim.devnet.writer.client.readContract({ address: sim.devnet.deployment.contracts.OpenToken, abi: openTokenAbi, functionName: "totalSupply", blockNumber: BigInt(String(row.firstVoteBlock)) });
    assert.equal(String(row.supply), supply.toString(), `proposal ${String(row.proposalId)}: supply`);
    assert.equal(row.turnout, Number((BigInt(String(row.totalWeight)) * 1_000_000n) / supply) / 1_000_000, `proposal ${String(row.proposalId)}: turnout`);
  }
  const all = await postGraphql<{ analytics: { inferenceVolume: { inferences: number }[] } }>(`${base}/graphql`, "{ analytics { inferenceVolume(bucketSeconds: 31536000) { inferences } } }");
  assert.equal(all.data!.analytics.inferenceVolume.reduce((n, r) => n + r.inferences, 0), sim.result.inferences);
  for (const [field, why] of [
    ["inferenceVolume(range: { from: 1767300000, to: 1767200000 }) { bucket }", /range \[1767300000, 1767200000\) is empty/],
    ["inferenceVolume(range: { to: 99999999999 }) { bucket }", /range.to/],
    ["inferenceVolume(bucketSeconds: 0) { bucket }", /bucketSeconds: 0/],
    [`inferenceVolume(modelIds: ["${2n ** 64n}"]) { bucket }`, /modelIds/],
    ["topContributors(limit: 10001) { rank }", /limit: 10001/],
    ["attributionConcentration(topK: 0) { gini }", /topK: 0/],
  ] as const) {
    const bad = await postGraphql(`${base}/graphql`, `{ analytics { ${field} } }`);
    assert.equal(bad.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", `${field}: ${JSON.stringify(bad)}`);
    assert.match(bad.errors![0]!.message, why);
  }
});

test("GraphQL settings from the configuration: API_MAX_PAGE and API_INTROSPECTION=off hold; /hub/metrics counts latency by operation and errors by code", async () => {
  const over = await postGraphql(`${base}/graphql`, "{ inferences(first: 201) { totalCount } }");
  assert.equal(over.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(over));
  const viaVariable = await postGraphql(`${base}/graphql`, "query($n: Int) { inferences(first: $n) { totalCount } }", { n: 201 });
  assert.equal(viaVariable.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(viaVariable));
  const atCap = await postGraphql<{ inferences: { edges: unknown[] } }>(`${base}/graphql`, "{ inferences(first: 200) { edges { cursor } } }");
  assert.equal(atCap.errors, undefined, JSON.stringify(atCap.errors));
  assert.equal(atCap.data!.inferences.edges.length, Math.min(200, sim.result.inferences));
  const introspection = await postGraphql(`${base}/graphql`, "{ __schema { queryType { name } } }");
  assert.equal(introspection.errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED", JSON.stringify(introspection));
  const ponder = await postGraphql(`${base}/ponder/graphql`, "query PonderInferences { inferences(limit: 2) { items { id } } }");
  assert.equal(ponder.errors, undefined, JSON.stringify(ponder.errors));
  const metrics = await fetch(`${base}/hub/metrics`).then((r) => r.text());
  assert.match(metrics, /hub_graphql_request_duration_seconds_count\{endpoint="graphql",operation="HubAnalytics"\} [1-9]/);
  assert.match(metrics, /hub_graphql_errors_total\{endpoint="graphql",code="BAD_USER_INPUT"\} [1-9]/);
  assert.match(metrics, /hub_graphql_errors_total\{endpoint="graphql",code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
  assert.match(metrics, /hub_graphql_request_duration_seconds_count\{endpoint="ponder",operation="PonderInferences"\} 1/);
});

test("per-client rate limit: a flood gets 429 API_RATE_LIMITED with Retry-After, and the hub keeps serving", async () => {
  const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${base}/hub/ready`).then(async (r) => ({ status: r.status, retry: r.headers.get("retry-after"), text: await r.text() }))));
  const limited = answers.filter((a) => a.status === 429);
  assert.ok(limited.length > 0, "some requests were limited");
  assert.equal(JSON.parse(limited[0]!.text).error.code, "API_RATE_LIMITED");
  assert.ok(Number(limited[0]!.retry) >= 1);
  await new Promise((r) => setTimeout(r, 3500));
  assert.equal((await fetch(`${base}/hub/ready`)).status, 200);
});
