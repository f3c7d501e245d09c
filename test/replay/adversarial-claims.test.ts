/**
 * The verifier against a careful dishonest model owner: each way to shape a claim is recorded
 * on chain through the AttributionEngine (one small devnet for all of them, one replay run),
 * and must get the right verdict, the right reason code and the offending ids. Shapes the
 * contract itself refuses (duplicates, a wrong sum, a withdrawn id) are shown refused, then
 * fed to the worker directly, as a claim source other than the chain could deliver them.
 * Honest claims, also with execution-provider noise within tolerance, stay verified.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { datanetRegistryAbi } from "../../contracts-abi/generated/index.js";
import { carveFor, shiftManySmall, shiftWeight } from "../../devnet/simulator/dishonesty.js";
import { ATTRIBUTION_METHOD_IDS, type Attribution } from "../../attribution/index.js";
import { normalizeToPpm } from "../../attribution/normalize-ppm.js";
import { ChainClaimSource } from "../../replay/claims/chain-claim-source.js";
import type { Claim } from "../../replay/claims/types.js";
import { startReplay } from "../../replay/runtime.js";
import type { StoredVerdict } from "../../replay/verdicts/postgres-verdict-store.js";
import { toJsonValue } from "../../api/json.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { freshDatabase, type FreshDatabase } from "../_setup/replay-services.js";
import { testReplayConfig } from "./_replay-config.js";
import { AdversaryKit, offChainClaim, shapeOf, type ClaimShape, type Expected } from "./_adversarial.js";

const TOLERANCE = 1000; // the default per-contribution tolerance; L1 defaults to twice it

describe("adversarial claims recorded on chain", () => {
  let sim: SimulatedDevnet;
  let db: FreshDatabase;
  let kit: AdversaryKit;
  const cases = new Map<string, { inferenceId: bigint; expected: Expected }>();
  const refusals = new Map<string, string | undefined>();
  let verdicts: Map<bigint, StoredVerdict>;
  let newcomers: bigint[];

  before(async () => {
    sim = await startSimulatedDevnet({ seed: "replay-adversarial", scale: "small", dishonestShare: 0 });
    db = await freshDatabase();
    const source = ChainClaimSource.fromDeployment(sim.devnet.deployment);
    const onChain: Claim[] = [];
    for await (const c of source.claims()) onChain.push(c);
    kit = new AdversaryKit(sim, onChain.length);
    const world = kit.world;

    // The honest claims to reshape: served by the current run, every id still accepted.
    const usable = onChain.filter((c) => kit.resubmittable(c));
    const base = usable.find((c) => c.methodId === ATTRIBUTION_METHOD_IDS.embeddingSimilarity && c.adapterId === 0n && c.contributionIds.length === 5)!;
    const withAdapter = usable.find((c) => c.adapterId !== 0n)!;
    assert.ok(base && withAdapter, "the seed gives a 5-contribution claim and an adapter claim to reshape");
    const output = await kit.output(base);
    const honest = await kit.attribution(base, output);
    assert.deepEqual(honest, { contributionIds: base.contributionIds, weightsPpm: base.weightsPpm }, "the kit recomputes the chain's honest claim");
    const [top, second, third, fourth] = honest.contributionIds as [bigint, bigint, bigint, bigint];
    const training = kit.trainingIds(base.runId);
    const outsideTraining = world.activeAccepted().filter((c) => !training.has(c.id)).map((c) => c.id);
    const trainingNotInSupport = [...training].filter((id) => !honest.contributionIds.includes(id) && world.contributions.get(id)!.status === "accepted");
    assert.ok(outsideTraining.length >= 4 && trainingNotInSupport.length >= 1);
    const onChainCase = async (name: string, shape: ClaimShape, expected: Expected) => cases.set(name, { inferenceId: await kit.submit(shape), expected });
    const verified = (reasonCode = "VERIFIED_EXACT"): Expected => ({ verdict: "verified", reasonCode });
    const mismatch = (reasonCode: string, contributionIds?: bigint[]): Expected => ({ verdict: "attribution_mismatch", reasonCode, contributionIds });

    // Honest, and honest with execution-provider noise: the output's floats differ a little
    // (within the output tolerance) and the producer's weights were computed from them.
    await onChainCase("honest claim, sent again", shapeOf(base), verified());
    const noisy = { ...output, embedding: output.embedding.map((v, i) => v + (i % 2 === 0 ? 3e-6 : -3e-6)) };
    await onChainCase("honest, another execution provider's float noise", shapeOf(base, { outputHash: await kit.putOutput(noisy), attribution: await kit.attribution(base, noisy) }), verified("VERIFIED_WITHIN_TOLERANCE"));
    await onChainCase("honest, weights off by rounding noise within tolerance", shapeOf(base, { attribution: shiftWeight(honest, 0, 1, 400)! }), verified());

    // Reshaped weights.
    await onChainCase("one shift just over the per-contribution tolerance", shapeOf(base, { attribution: shiftWeight(honest, 0, 1, 1500)! }), mismatch("WEIGHTS_DEVIATION", [top, second]));
    await onChainCase("many shifts, each under the per-contribution tolerance, L1 over", shapeOf(base, { attribution: shiftManySmall(honest, 900)! }), mismatch("WEIGHTS_L1_DEVIATION", [top, second, third, fourth]));

    // Ids the method can never produce, each at or under the per-contribution tolerance.
    const outsider = outsideTraining[0]!;
    await onChainCase("one contribution from outside the training set, at the tolerance", shapeOf(base, { attribution: carveFor(honest, [outsider], TOLERANCE)! }), mismatch("CONTRIBUTION_OUTSIDE_TRAINING_SET", [outsider]));
    const outsiders = outsideTraining.slice(0, 4);
    await onChainCase("four contributions from outside the training set, 1,000 ppm each", shapeOf(base, { attribution: carveFor(honest, outsiders, TOLERANCE)! }), mismatch("CONTRIBUTION_OUTSIDE_TRAINING_SET", outsiders));
    const unsupported = trainingNotInSupport[0]!;
    await onChainCase("a training contribution the method gives nothing, 500 ppm", shapeOf(base, { attribution: carveFor(honest, [unsupported], 500)! }), mismatch("CONTRIBUTION_NOT_IN_SUPPORT", [unsupported]));

    // Another model's, or the bare base model's instead of the adapter's, output.
    const otherRun = [...world.runs.keys()].find((id) => id !== base.runId)!;
    const otherOutput = (await (await kit.session(otherRun)).run([await kit.features(base)]))[0]!;
    await onChainCase("another model's output", shapeOf(base, { outputHash: await kit.putOutput(otherOutput) }), { verdict: "output_mismatch", reasonCode: "OUTPUT_MISMATCH" });
    const bareOutput = (await (await kit.session(withAdapter.runId)).run([await kit.features(withAdapter)]))[0]!;
    await onChainCase("the base model's output declared as the adapter's", shapeOf(withAdapter, { outputHash: await kit.putOutput(bareOutput) }), { verdict: "output_mismatch", reasonCode: "OUTPUT_MISMATCH" });

    // The other method's weights declared under this one.
    const spans = await kit.attribution(base, output, { methodId: ATTRIBUTION_METHOD_IDS.spanMatching });
    const swapped = (claimed: Attribution, recomputed: Attribution) => {
      const extra = claimed.contributionIds.filter((id, i) => !recomputed.contributionIds.includes(id) && claimed.weightsPpm[i]! > 0);
      return extra.length > 0 ? mismatch("CONTRIBUTION_NOT_IN_SUPPORT", extra) : mismatch("WEIGHTS_DEVIATION");
    };
    await onChainCase("span-matching weights declared as embedding similarity", shapeOf(base, { attribution: spans }), swapped(spans, honest));
    const spanBase = usable.find((c) => c.methodId === ATTRIBUTION_METHOD_IDS.spanMatching && c.adapterId === 0n)!;
    const spanOutput = await kit.output(spanBase);
    const similarity = await kit.attribution(spanBase, spanOutput, { methodId: ATTRIBUTION_METHOD_IDS.embeddingSimilarity });
    await onChainCase("embedding-similarity weights declared as span matching", shapeOf(spanBase, { attribution: similarity }), swapped(similarity, await kit.attribution(spanBase, spanOutput)));
    await kit.mine();

    // Shapes the contract refuses; the worker's own rules must still catch them.
    const duplicated: Attribution = { contributionIds: [...honest.contributionIds, top], weightsPpm: [honest.weightsPpm[0]! - 100_000, ...honest.weightsPpm.slice(1), 100_000] };
    const badSum: Attribution = { contributionIds: honest.contributionIds, weightsPpm: [honest.weightsPpm[0]! + 5_000, ...honest.weightsPpm.slice(1)] };
    refusals.set("duplicate", await kit.refusal(shapeOf(base, { attribution: duplicated })));
    refusals.set("sum", await kit.refusal(shapeOf(base, { attribution: badSum })));

    // Withdrawn after training: the contributor of `second` withdraws consent.
    const contributor = world.contributions.get(second)!.contributor;
    await sim.devnet.writer.write(contributor, { address: sim.devnet.deployment.contracts.DatanetRegistry, abi: datanetRegistryAbi, functionName: "withdrawContribution", args: [second] });
    const withdrawnAt = (await kit.mine()).number;
    world.contributions.get(second)!.status = "withdrawn";
    refusals.set("withdrawn", await kit.refusal(shapeOf(base)));
    const stale = normalizeToPpm(new Map(honest.contributionIds.filter((id) => id !== second).map((id, i) => [id, honest.weightsPpm.filter((_, j) => honest.contributionIds[j] !== second)[i]!])));
    const afterWithdrawal = await kit.attribution(base, output);
    newcomers = afterWithdrawal.contributionIds.filter((id) => !honest.contributionIds.includes(id));
    await onChainCase("withdrawn contribution's weight spread over the others (stale eligibility)", shapeOf(base, { attribution: stale }), mismatch("WEIGHTS_DEVIATION"));
    await onChainCase("honest after the withdrawal: the method skips withdrawn data", shapeOf(base, { attribution: afterWithdrawal }), verified());
    await kit.mine();
    assert.ok(newcomers.length > 0, "the withdrawal lets another contribution into the top k");

    const direct = new Map<string, [Attribution, Expected]>([
      ["duplicated contribution (refused on chain)", [duplicated, mismatch("DUPLICATE_CONTRIBUTION", [top])]],
      ["weights not summing to 1,000,000 (refused on chain)", [badSum, mismatch("WEIGHTS_SUM_INVALID")]],
      ["withdrawn contribution still claimed (refused on chain)", [honest, mismatch("CONTRIBUTION_WITHDRAWN", [second])]],
    ]);
    const offChain: Claim[] = [];
    let id = 1_000_000n;
    for (const [name, [attribution, expected]] of direct) {
      offChain.push(offChainClaim(base, ++id, attribution, withdrawnAt + 1n));
      cases.set(name, { inferenceId: id, expected });
    }

    const runtime = await startReplay({ config: testReplayConfig({ databaseUrl: db.url, artifactsDir: sim.store.root }), source, log: () => {} });
    try {
      const fromChain: Claim[] = [];
      for await (const c of source.claims({ fromBlock: onChain.at(-1)!.blockNumber + 1n })) fromChain.push(c);
      const queued = await runtime.enqueue([...fromChain, ...offChain], "adversarial");
      assert.equal(queued.sampled, cases.size);
      await runtime.waitForVerdicts(queued.jobKeys, undefined, 100);
      verdicts = new Map((await runtime.store.verdicts()).map((v) => [v.inferenceId, v]));
    } finally {
      await runtime.stop();
    }
  });
  after(async () => {
    await kit?.close();
    await db?.drop();
    await sim?.stop();
  });

  test("the contract refuses duplicated ids, a wrong sum and a withdrawn id", () => {
    assert.match(refusals.get("duplicate") ?? "recorded", /^DuplicateContribution\(/);
    assert.match(refusals.get("sum") ?? "recorded", /^WeightsSumInvalid\(1005000\)/);
    assert.match(refusals.get("withdrawn") ?? "recorded", /^WithdrawnContributionAttributed\(/);
  });

  test("each shape gets its verdict, its reason code and the offending ids", () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [name, { inferenceId, expected }] of cases) {
      const v = verdicts.get(inferenceId);
      got.push(`${name}: ${v?.verdict} ${v?.reasonCode}`);
      want.push(`${name}: ${expected.verdict} ${expected.reasonCode}`);
      if (v && expected.contributionIds) {
        const failed = v.failedRules.find((f) => f.rule === expected.reasonCode);
        assert.deepEqual(failed?.contributionIds, expected.contributionIds, `${name}: ${v.reason}`);
      }
    }
    assert.deepEqual(got, want);
  });

  test("weights spread as if withdrawn data were still eligible: the contribution that takes its place is named", () => {
    const v = verdicts.get(cases.get("withdrawn contribution's weight spread over the others (stale eligibility)")!.inferenceId)!;
    const failed = v.failedRules.find((f) => f.rule === "WEIGHTS_DEVIATION")!;
    for (const id of newcomers) assert.ok(failed.contributionIds.includes(id), `contribution ${id} named in ${v.reason}`);
  });

  test("outside ids at the tolerance are caught by membership alone: every deviation rule holds", () => {
    const v = verdicts.get(cases.get("one contribution from outside the training set, at the tolerance")!.inferenceId)!;
    assert.deepEqual(v.failedRules.map((f) => f.rule), ["CONTRIBUTION_OUTSIDE_TRAINING_SET"]);
    assert.deepEqual([v.largestDeviationPpm, v.l1DeviationPpm, v.weightTolerancePpm, v.l1TolerancePpm], [1000, 2000, 1000, 2000]);
    assert.deepEqual(v.failedRules[0]!.deviations.map((d) => [d.claimedPpm, d.observedPpm]), [[1000, 0]]);
    const many = verdicts.get(cases.get("four contributions from outside the training set, 1,000 ppm each")!.inferenceId)!;
    assert.equal(many.largestDeviationPpm, 1000, "the exploit the old verifier passed: no single weight moves more than the tolerance");
  });

  test("the evidence survives the store as JSON: claimed and recomputed weights, figures, failed rules", () => {
    const v = verdicts.get(cases.get("many shifts, each under the per-contribution tolerance, L1 over")!.inferenceId)!;
    const json = toJsonValue(v) as { claimed: { weightsPpm: number[] }; observed: { contributionIds: string[] }; l1DeviationPpm: number; largestDeviationPpm: number; failedRules: { rule: string; contributionIds: string[] }[]; reason: string };
    assert.equal(json.l1DeviationPpm, 3600);
    assert.equal(json.largestDeviationPpm, 900);
    assert.equal(json.observed.contributionIds.length, 5);
    assert.deepEqual(json.failedRules.map((f) => f.rule), ["WEIGHTS_L1_DEVIATION"]);
    assert.match(json.reason, /L1 3600 ppm \(tolerance 2000\)/);
  });
});
