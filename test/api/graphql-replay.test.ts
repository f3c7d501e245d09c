/**
 * The provenance API's replay side on the real embedded hub (Ponder with the sink and the replay
 * worker, PGlite and chDB) over a small simulation with planted dishonest claims: the
 * requestVerification mutation behind its API key, verdicts with their evidence on
 * Inference.verifications (the same as /replay/verdicts), Model.verificationSummary and
 * _meta.replayBacklog, and the SSE subscriptions (new inferences of one model, flagged verdicts),
 * whose pollers end when their client disconnects. One devnet, one hub.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { HubIndexer } from "../../hub/indexer.js";
import { readGroundTruth } from "../../devnet/simulator/ground-truth.js";
import { ChainClaimSource } from "../../replay/claims/chain-claim-source.js";
import type { Claim } from "../../replay/claims/types.js";
import { getJson, startTestHubIndexer, waitUntil } from "../_setup/hub-indexer.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer } from "../_setup/ponder-indexer.js";
import { AdversaryKit, shapeOf } from "../replay/_adversarial.js";
import { subscribeSse } from "./_sse-client.js";

const KEY = "test-replay-key";
let sim: SimulatedDevnet;
let hub: HubIndexer;
let base: string;
let graphqlUrl: string;
const log: string[] = [];

type Answer<T> = { status: number; data: T | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function gql<T = any>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const res = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<Answer<T>, "status">;
  return { status: res.status, ...body };
}

async function data<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
  const a = await gql<T>(query, variables, headers);
  assert.equal(a.errors, undefined, JSON.stringify(a.errors));
  return a.data!;
}

const REQUEST = `mutation ($input: RequestVerificationInput!) { requestVerification(input: $input) { jobKeys added claims } }`;

async function replayVerdicts(): Promise<number> {
  return (await getJson<{ verdicts: number }>(`${base}/replay/status`)).body.verdicts;
}

/** The open subscriptions the hub counts, by field. */
async function openSubscriptions(field: string): Promise<number> {
  const text = (await getJson(`${base}/hub/metrics`)).text;
  const line = text.split("\n").find((l) => l.startsWith(`hub_graphql_subscriptions_active{subscription="${field}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

before(async () => {
  sim = await startSimulatedDevnet({ seed: "gql-replay", scale: "small", dishonestShare: 0.1 });
  hub = await startTestHubIndexer(sim, { log, env: { API_KEYS: `other-key, ${KEY}` } });
  base = hub.ponder.url;
  graphqlUrl = `${base}/graphql`;
  await hub.waitReady();
  await hub.waitForBlock(sim.result.lastBlock);
  await waitUntil("every simulated claim verified", async () => (await replayVerdicts()) >= sim.result.inferences, 240_000);
});
after(async () => {
  if (hub?.supervisor.restarts.length) console.log(log.join("\n"));
  await hub?.stop();
  await sim?.stop();
});

test("requestVerification: no key or a wrong one is UNAUTHENTICATED, bad targets BAD_USER_INPUT, and the server keeps serving", async () => {
  const input = { inferenceIds: ["1"] };
  const anonymous = await gql(REQUEST, { input });
  assert.equal(anonymous.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.data, null);
  assert.equal((await gql(REQUEST, { input }, { "x-api-key": "not-a-key" })).errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
  assert.equal((await gql(REQUEST, { input }, { authorization: "Bearer not-a-key" })).errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
  // A keyed answer is never replayed from the response cache to a client without the key.
  await data(REQUEST, { input }, { "x-api-key": KEY });
  assert.equal((await gql(REQUEST, { input })).errors?.[0]?.extensions?.code, "UNAUTHENTICATED");

  const bad = async (target: Record<string, unknown>) => (await gql(REQUEST, { input: target }, { "x-api-key": KEY })).errors?.[0]?.extensions?.code;
  assert.equal(await bad({}), "BAD_USER_INPUT", "no target");
  assert.equal(await bad({ inferenceIds: ["1"], modelId: "1" }), "BAD_USER_INPUT", "two targets");
  assert.equal(await bad({ modelId: "1", fromBlock: "1" }), "BAD_USER_INPUT", "model and range");
  assert.equal(await bad({ fromBlock: "20", toBlock: "10" }), "BAD_USER_INPUT", "fromBlock > toBlock");
  assert.equal(await bad({ modelId: "999999" }), "BAD_USER_INPUT", "unknown model");
  assert.equal(await bad({ inferenceIds: ["1", "99999999"] }), "BAD_USER_INPUT", "unknown inference");
  assert.equal(await bad({ inferenceIds: [] }), "BAD_USER_INPUT", "empty list");
  assert.equal(await bad({ fromBlock: (sim.result.lastBlock + 1000n).toString() }), "BAD_USER_INPUT", "a range past the indexed head");
  assert.equal(await bad({ inferenceIds: ["-1"] }), "BAD_USER_INPUT", "negative id");
  assert.equal((await gql(`mutation { requestVerification(input: { modelId: "x" }) { jobKeys } }`, undefined, { "x-api-key": KEY })).errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  const still = await data<{ _meta: { indexedBlock: string } }>(`{ _meta { indexedBlock } }`);
  assert.equal(still._meta.indexedBlock, sim.result.lastBlock.toString());
});

test("with a key: job keys (idempotent), verdicts with their evidence on Inference.verifications, as /replay/verdicts has them; planted claims flagged", async () => {
  const truth = await readGroundTruth(sim.groundTruthPath);
  assert.ok(truth.dishonest.length > 0, "the simulation planted dishonest claims");
  const dishonest = truth.dishonest.slice(0, 3).map((d) => d.inferenceId);
  const honest = ["1", "2", "3"].filter((id) => !truth.dishonest.some((d) => d.inferenceId === id));
  const ids = [...dishonest, ...honest];
  const first = (await data(REQUEST, { input: { inferenceIds: ids } }, { "x-api-key": KEY })).requestVerification;
  assert.equal(first.claims, ids.length);
  assert.equal(first.jobKeys.length, ids.length);
  const keyOf = (id: string): string | undefined => first.jobKeys.find((k: string) => k.startsWith(`inference-${id}-`));
  for (const id of ids) assert.ok(keyOf(id), `a job key names inference ${id}`);
  const again = (await data(REQUEST, { input: { inferenceIds: ids } }, { "x-api-key": "other-key" })).requestVerification;
  assert.deepEqual(again.jobKeys, first.jobKeys, "the same claims, the same keys");
  assert.equal(again.added, 0, "nothing queued twice");
  const byModel = (await data(REQUEST, { input: { modelId: "1" } }, { "x-api-key": KEY })).requestVerification;
  assert.ok(byModel.claims > 0 && byModel.added === 0, "every claim of model 1 is known already (the follower queued it)");
  const byRange = (await data(REQUEST, { input: { fromBlock: "0", toBlock: sim.result.lastBlock.toString() } }, { "x-api-key": KEY })).requestVerification;
  assert.equal(byRange.claims, sim.result.inferences);

  const records = (await getJson<Record<string, any>[]>(`${base}/replay/verdicts?limit=10000`)).body;
  for (const id of ids) {
    const { inference } = await data(
      `query ($id: BigInt!) { inference(id: $id) { id verifications { jobKey verdict flagged reasonCode reason claimHash claimedOutputHash observedOutputHash outputMatch
        claimed { contributionIds weightsPpm } observed { contributionIds weightsPpm } largestDeviationPpm weightTolerancePpm l1DeviationPpm l1TolerancePpm
        failedRules { rule contributionIds deviations { contributionId claimedPpm observedPpm } message } executionProvider runtimeMs workerVersion verifiedAt inference { id } } } }`,
      { id },
    );
    assert.ok(inference.verifications.length >= 1, `inference ${id} has a verdict`);
    const v = inference.verifications.find((x: any) => x.jobKey === keyOf(id));
    assert.ok(v, `the verdict of job ${keyOf(id)}`);
    assert.equal(v.inference.id, id);
    const record = records.find((r) => r.jobKey === v.jobKey)!;
    assert.ok(record, `/replay/verdicts has job ${v.jobKey}`);
    assert.equal(v.verdict, record.verdict);
    assert.equal(v.reasonCode, record.reasonCode);
    assert.deepEqual(v.claimed, record.claimedWeights);
    assert.deepEqual(v.observed, record.observedWeights);
    assert.equal(v.largestDeviationPpm, record.largestDeviationPpm);
    assert.equal(v.failedRules.length, record.failedRules.length);
    assert.equal(v.flagged, v.verdict !== "verified");
    if (dishonest.includes(id)) {
      assert.equal(v.flagged, true, `planted claim ${id} is flagged (${v.verdict} ${v.reasonCode})`);
      assert.ok(v.failedRules.length > 0 || v.outputMatch === "mismatch" || v.verdict.startsWith("artifact"), `planted claim ${id}: the evidence says why`);
    } else {
      assert.equal(v.verdict, "verified", `honest claim ${id}`);
      assert.deepEqual(v.failedRules, []);
    }
  }

  const plantedId = truth.dishonest[0]!.inferenceId;
  const { inference } = await data(`query ($id: BigInt!) { inference(id: $id) { model { id inferenceCount verificationSummary { inferences verified flagged unverified byVerdict { verdict count } } } } }`, { id: plantedId });
  const summary = inference.model.verificationSummary;
  const modelRecords = records.filter((r) => String(r.modelId) === inference.model.id);
  assert.equal(summary.inferences, inference.model.inferenceCount);
  assert.equal(summary.unverified, 0, "every claim of the model has a verdict");
  assert.equal(summary.flagged, new Set(modelRecords.filter((r) => r.verdict !== "verified").map((r) => String(r.inferenceId))).size);
  assert.ok(summary.flagged >= 1, "the planted claim counts as flagged");
  assert.equal(summary.verified + summary.flagged, summary.inferences);
  const { _meta } = await data(`{ _meta { replayBacklog } }`);
  assert.equal(_meta.replayBacklog, 0);
});

test("SSE subscriptions: a new inference of the subscribed model (not another model's), flagged verdicts only, and the poller ends with its client", async () => {
  const truth = await readGroundTruth(sim.groundTruthPath);
  const source = ChainClaimSource.fromDeployment(sim.devnet.deployment);
  const kit = new AdversaryKit(sim, sim.result.inferences);
  const claims: Claim[] = [];
  for await (const c of source.claims()) claims.push(c);
  const planted = new Set(truth.dishonest.map((d) => d.inferenceId));
  const honestClaims = claims.filter((c) => !planted.has(c.inferenceId.toString()) && kit.resubmittable(c));
  const plantedClaim = claims.find((c) => planted.has(c.inferenceId.toString()) && kit.resubmittable(c) && truth.dishonest.find((d) => d.inferenceId === c.inferenceId.toString())!.kind !== "output_altered");
  assert.ok(plantedClaim, "a planted claim that can be sent again");
  const mine = honestClaims.find((c) => c.modelId === plantedClaim.modelId)!;
  const other = honestClaims.find((c) => c.modelId !== plantedClaim.modelId)!;
  assert.ok(mine && other, "honest claims of the planted claim's model and of another one");
  const modelId = plantedClaim.modelId.toString();

  const inferences = await subscribeSse<{ inferences: { id: string; model: { id: string } } }>(graphqlUrl, `subscription ($m: BigInt!) { inferences(modelId: $m) { id model { id } } }`, { m: modelId });
  const flagged = await subscribeSse<{ verdicts: { inference: { id: string } | null; verdict: string; flagged: boolean; failedRules: { rule: string }[] } }>(
    graphqlUrl,
    `subscription { verdicts(flaggedOnly: true) { verdict flagged inference { id } failedRules { rule } } }`,
  );
  assert.equal(inferences.status, 200);
  assert.match(inferences.contentType, /text\/event-stream/);
  await waitUntil("both pollers open", async () => (await openSubscriptions("inferences")) >= 1 && (await openSubscriptions("verdicts")) >= 1, 10_000);
  await new Promise((r) => setTimeout(r, 1_500));

  const otherId = await kit.submit(shapeOf(other));
  const honestId = await kit.submit(shapeOf(mine));
  const dishonestId = await kit.submit(shapeOf(plantedClaim));
  await kit.mine();

  const got = await inferences.waitFor((e) => e.data?.inferences.id === dishonestId.toString());
  assert.equal(got.data!.inferences.model.id, modelId);
  const ids = inferences.events.map((e) => e.data?.inferences.id);
  assert.ok(ids.includes(honestId.toString()), "the honest inference of the model too");
  assert.ok(!ids.includes(otherId.toString()), "another model's inference is not delivered");
  assert.ok(inferences.events.every((e) => e.data?.inferences.model.id === modelId));

  const verdict = await flagged.waitFor((e) => e.data?.verdicts.inference?.id === dishonestId.toString(), 120_000);
  assert.equal(verdict.data!.verdicts.flagged, true);
  assert.notEqual(verdict.data!.verdicts.verdict, "verified");
  await waitUntil("the honest new claims verified", async () => (await replayVerdicts()) >= sim.result.inferences + 3, 120_000);
  assert.ok(flagged.events.every((e) => e.data?.verdicts.flagged === true), "flaggedOnly delivers no verified verdict");
  assert.ok(!flagged.events.some((e) => e.data?.verdicts.inference?.id === honestId.toString()));

  inferences.close();
  flagged.close();
  await waitUntil("the pollers stop with their clients", async () => (await openSubscriptions("inferences")) === 0 && (await openSubscriptions("verdicts")) === 0, 15_000);
  await kit.close();

  const refused = await subscribeSse(graphqlUrl, `subscription { inferences(modelId: "999999") { id } }`);
  await refused.waitFor(() => true, 10_000).catch(() => undefined);
  refused.close();
  const text = JSON.stringify(refused.events);
  assert.match(text, /BAD_USER_INPUT/, `an unknown model is refused: ${text}`);
});

test("a process with neither verdict store nor queue (the indexer role): verdict fields null, the mutation and the verdicts subscription SERVICE_UNAVAILABLE", async () => {
  const indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "pglite", env: { API_KEYS: KEY } });
  try {
    await indexer.ponder.waitForBlock(sim.result.lastBlock);
    const url = indexer.ponder.graphqlUrl;
    const post = async (query: string, headers: Record<string, string> = {}) =>
      (await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) })).json() as Promise<Answer<any>>;
    const read = await post(`{ inference(id: 1) { verifications { verdict } model { verificationSummary { flagged } } } _meta { replayBacklog } }`);
    assert.equal(read.errors, undefined);
    assert.deepEqual(read.data, { inference: { verifications: null, model: { verificationSummary: null } }, _meta: { replayBacklog: null } });
    const mutation = await post(`mutation { requestVerification(input: { inferenceIds: ["1"] }) { jobKeys } }`, { "x-api-key": KEY });
    assert.equal(mutation.errors?.[0]?.extensions?.code, "SERVICE_UNAVAILABLE");
    assert.equal((await post(`mutation { requestVerification(input: { inferenceIds: ["1"] }) { jobKeys } }`)).errors?.[0]?.extensions?.code, "UNAUTHENTICATED", "the key is checked first");
    const verdicts = await subscribeSse(url, `subscription { verdicts { verdict } }`);
    await verdicts.waitFor(() => true, 10_000).catch(() => undefined);
    verdicts.close();
    assert.match(JSON.stringify(verdicts.events), /SERVICE_UNAVAILABLE/);
  } finally {
    await indexer.dispose();
  }
});
