/**
 * The reference protocol against a real anvil: every custom error declared in
 * contracts-abi/src is provoked once, and every event the protocol declares is seen on chain
 * after the small simulation plus the few calls it never makes.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BaseError, ContractFunctionRevertedError, decodeEventLog, keccak256, toHex, type Address, type Hex } from "viem";
import * as abi from "../contracts-abi/generated/index.js";
import { protocolLogs } from "../devnet/event-summary.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "./_setup/simulated-devnet.js";

const sourcesDir = join(import.meta.dirname, "../contracts-abi/src");
const declared = (kind: "error" | "event") =>
  new Set(
    readdirSync(sourcesDir)
      .filter((f) => f.endsWith(".sol"))
      .flatMap((f) => [...readFileSync(join(sourcesDir, f), "utf8").matchAll(new RegExp(`^\\s*${kind} (\\w+)\\(`, "gm"))].map((m) => m[1]!)),
  );

const STRANGER = "0x000000000000000000000000000000000000bEEF" as Address;
const HASH = keccak256(toHex("content")) as Hex;
const ZERO_HASH = `0x${"0".repeat(64)}` as Hex;

describe("reference protocol contracts", () => {
  let env: SimulatedDevnet;
  const provoked = new Set<string>();

  before(async () => {
    env = await startSimulatedDevnet({ seed: "contracts", scale: "small" });
  });
  after(async () => env?.stop());

  type Call = { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; account?: Address };
  async function expectRevert(call: Call, errorName: string): Promise<void> {
    const client = env.devnet.writer.client;
    try {
      await client.simulateContract({ account: STRANGER, ...call } as never);
    } catch (error) {
      const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
      assert.ok(reverted instanceof ContractFunctionRevertedError, `${call.functionName}: expected ${errorName}, got ${(error as Error).message.split("\n")[0]}`);
      assert.equal(reverted.data?.errorName, errorName, `${call.functionName} reverted with ${reverted.data?.errorName}`);
      provoked.add(errorName);
      return;
    }
    assert.fail(`${call.functionName} did not revert; expected ${errorName}`);
  }
  async function expectViewRevert(call: Call, errorName: string): Promise<void> {
    try {
      await env.devnet.writer.client.readContract(call as never);
    } catch (error) {
      const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
      assert.equal((reverted as ContractFunctionRevertedError | undefined)?.data?.errorName, errorName);
      provoked.add(errorName);
      return;
    }
    assert.fail(`${call.functionName} did not revert; expected ${errorName}`);
  }

  test("DatanetRegistry rejects bad calls with its custom errors", async () => {
    const world = env.result.world;
    const registry = { address: env.devnet.deployment.contracts.DatanetRegistry, abi: abi.datanetRegistryAbi };
    const datanet = world.datanets[0]!;
    const accepted = world.activeAccepted(datanet.id)[0]!;
    const withdrawn = [...world.contributions.values()].find((c) => c.status === "withdrawn")!;
    assert.ok(accepted && withdrawn, "the simulation produced accepted and withdrawn contributions");
    await expectRevert({ ...registry, functionName: "createDatanet", args: ["", "medical", "CC0", ""] }, "EmptyName");
    await expectRevert({ ...registry, functionName: "submitContribution", args: [999n, HASH, 1n, ""] }, "UnknownDatanet");
    await expectRevert({ ...registry, functionName: "submitContribution", args: [datanet.id, ZERO_HASH, 1n, ""] }, "EmptyContentHash");
    await expectRevert({ ...registry, functionName: "addCurator", args: [datanet.id, STRANGER] }, "NotDatanetOwner");
    await expectRevert({ ...registry, functionName: "addCurator", args: [datanet.id, datanet.curator.address], account: datanet.owner.address }, "CuratorAlreadySet");
    await expectRevert({ ...registry, functionName: "removeCurator", args: [datanet.id, STRANGER], account: datanet.owner.address }, "CuratorNotSet");
    await expectRevert({ ...registry, functionName: "reviewContribution", args: [99_999n, true, ""] }, "UnknownContribution");
    await expectRevert({ ...registry, functionName: "reviewContribution", args: [accepted.id, true, ""] }, "NotCurator");
    await expectRevert({ ...registry, functionName: "reviewContribution", args: [accepted.id, false, ""], account: datanet.curator.address }, "ContributionNotPending");
    await expectRevert({ ...registry, functionName: "withdrawContribution", args: [accepted.id] }, "NotContributor");
    await expectRevert({ ...registry, functionName: "withdrawContribution", args: [withdrawn.id], account: withdrawn.contributor.address }, "ContributionAlreadyWithdrawn");
    await expectRevert({ ...registry, functionName: "publishVersion", args: [datanet.id, HASH, 999n, ""], account: datanet.owner.address }, "VersionCountMismatch");
    await expectViewRevert({ ...registry, functionName: "getVersion", args: [datanet.id, 999] }, "UnknownDatanetVersion");
  });

  test("ModelFactory rejects bad calls with its custom errors", async () => {
    const { world } = env.result;
    const { writer } = env.devnet;
    const factory = { address: env.devnet.deployment.contracts.ModelFactory, abi: abi.modelFactoryAbi };
    const model = world.models.find((m) => m.status === "published")!;
    const owner = model.owner.address;
    await expectRevert({ ...factory, functionName: "registerModel", args: ["", "base", ""] }, "EmptyName");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [999n, [1n], [1], HASH, HASH, ""] }, "UnknownModel");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [model.id, [1n], [1], HASH, HASH, ""] }, "NotModelOwner");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [model.id, [1n], [1, 1], HASH, HASH, ""], account: owner }, "DatanetVersionsLengthMismatch");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [model.id, [], [], HASH, HASH, ""], account: owner }, "NoTrainingData");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [model.id, [1n], [1], ZERO_HASH, HASH, ""], account: owner }, "EmptyWeightsHash");
    await expectRevert({ ...factory, functionName: "recordTrainingRun", args: [model.id, [1n], [999], HASH, HASH, ""], account: owner }, "UnknownDatanetVersion");
    await expectRevert({ ...factory, functionName: "publishAdapter", args: [999n, HASH, "x"] }, "UnknownRun");
    await expectViewRevert({ ...factory, functionName: "getAdapter", args: [999n] }, "UnknownAdapter");
    await expectRevert({ ...factory, functionName: "setModelStatus", args: [model.id, 1], account: owner }, "InvalidStatusTransition");
    // A fresh draft model has no training run: it cannot be published.
    await writer.write(model.owner, { ...factory, functionName: "registerModel", args: ["draft-model", "base", ""] });
    await writer.mine();
    const draftId = world.count("model") + 1n;
    await expectRevert({ ...factory, functionName: "setModelStatus", args: [draftId, 1], account: owner }, "NoTrainingRun");
  });

  test("AttributionEngine rejects bad claims and challenges with its custom errors", async () => {
    const { world } = env.result;
    const { deployment, writer } = env.devnet;
    const engine = { address: deployment.contracts.AttributionEngine, abi: abi.attributionEngineAbi };
    const model = world.models.find((m) => m.status === "published")!;
    const deprecated = world.models.find((m) => m.status === "deprecated")!;
    const foreignAdapter = [...world.adapters.values()].find((a) => a.modelId !== model.id)!;
    const accepted = world.activeAccepted().map((c) => c.id);
    const rejected = [...world.contributions.values()].find((c) => c.status === "rejected")!;
    const withdrawn = [...world.contributions.values()].find((c) => c.status === "withdrawn")!;
    const [a, b] = accepted as [bigint, bigint];
    const infer = (modelId: bigint, adapterId: bigint, methodId: number, ids: bigint[], weights: number[]) => ({
      ...engine,
      functionName: "recordInference",
      args: [modelId, adapterId, HASH, HASH, 1n, methodId, ids, weights],
    });
    await expectRevert(infer(999n, 0n, 1, [a], [1_000_000]), "UnknownModel");
    await expectRevert(infer(deprecated.id, 0n, 1, [a], [1_000_000]), "ModelNotPublished");
    await expectRevert(infer(model.id, 999n, 1, [a], [1_000_000]), "UnknownAdapter");
    await expectRevert(infer(model.id, foreignAdapter.id, 1, [a], [1_000_000]), "AdapterModelMismatch");
    await expectRevert(infer(model.id, 0n, 7, [a], [1_000_000]), "UnknownMethod");
    await expectRevert(infer(model.id, 0n, 1, [], []), "EmptyAttribution");
    await expectRevert(infer(model.id, 0n, 1, [a], [500_000, 500_000]), "WeightsLengthMismatch");
    await expectRevert(infer(model.id, 0n, 1, [a], [999_999]), "WeightsSumInvalid");
    await expectRevert(infer(model.id, 0n, 1, accepted.slice(0, 17), Array(17).fill(0)), "TooManyContributions");
    await expectRevert(infer(model.id, 0n, 1, [a, a], [500_000, 500_000]), "DuplicateContribution");
    await expectRevert(infer(model.id, 0n, 1, [99_999n], [1_000_000]), "UnknownContribution");
    await expectRevert(infer(model.id, 0n, 1, [rejected.id, b], [500_000, 500_000]), "ContributionNotAccepted");
    await expectRevert(infer(model.id, 0n, 1, [withdrawn.id], [1_000_000]), "WithdrawnContributionAttributed");

    await expectRevert({ ...engine, functionName: "openChallenge", args: [99_999n, "x"] }, "UnknownInference");
    await expectRevert({ ...engine, functionName: "resolveChallenge", args: [1n, true, ""] }, "NotResolver");
    await expectRevert({ ...engine, functionName: "resolveChallenge", args: [999n, true, ""], account: deployment.deployer }, "UnknownChallenge");
    await expectRevert({ ...engine, functionName: "resolveChallenge", args: [1n, true, ""], account: deployment.deployer }, "ChallengeAlreadyResolved");
    // An open challenge blocks a second one on the same inference.
    const caller = env.result.world.models[0]!.owner; // holds OPEN from the simulation
    await writer.write(caller, { address: deployment.contracts.OpenToken, abi: abi.openTokenAbi, functionName: "approve", args: [engine.address, 10n ** 30n] });
    await writer.write(caller, { ...engine, functionName: "openChallenge", args: [1n, "first"] });
    await writer.mine();
    await expectRevert({ ...engine, functionName: "openChallenge", args: [1n, "second"] }, "ChallengeAlreadyOpen");
    // Parameters belong to the timelock; checked values are still checked there.
    const timelock = deployment.contracts.ProtocolTimelock;
    await expectRevert({ ...engine, functionName: "setFeeSplit", args: [600_000, 500_000], account: timelock }, "FeeSplitTooHigh");
    await expectRevert({ ...engine, functionName: "setMaxContributionsPerAttribution", args: [0], account: timelock }, "InvalidParameter");
    await expectRevert({ ...engine, functionName: "setChallengeBond", args: [1n] }, "OwnableUnauthorizedAccount");
  });

  test("every custom error declared in contracts-abi/src was provoked", () => {
    const missing = [...declared("error")].filter((e) => !provoked.has(e));
    assert.deepEqual(missing, [], `custom errors never provoked: ${missing.join(", ")}`);
  });

  test("every protocol event was emitted, and fees and weights add up", async () => {
    const { deployment, writer } = env.devnet;
    const datanet = env.result.world.datanets[0]!;
    await writer.write(datanet.owner, { address: deployment.contracts.DatanetRegistry, abi: abi.datanetRegistryAbi, functionName: "removeCurator", args: [datanet.id, datanet.curator.address] });
    const last = await writer.mine();
    const seen = new Map<string, number>();
    const fees = new Map<Hex, bigint>();
    const distributed: { tx: Hex; total: bigint }[] = [];
    for await (const log of protocolLogs(writer.client, Object.values(deployment.contracts) as Address[], BigInt(deployment.startBlock), last.number)) {
      seen.set(log.eventName, (seen.get(log.eventName) ?? 0) + 1);
      if (log.eventName === "InferenceRecorded" || log.eventName === "FeeDistributed" || log.eventName === "AttributionRecorded") {
        const decoded = decodeEventLog({ abi: abi.attributionEngineAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data });
        if (decoded.eventName === "InferenceRecorded") fees.set(log.transactionHash, decoded.args.fee);
        if (decoded.eventName === "FeeDistributed") {
          distributed.push({ tx: log.transactionHash, total: decoded.args.protocolAmount + decoded.args.modelOwnerAmount + decoded.args.contributorsAmount });
        }
        if (decoded.eventName === "AttributionRecorded") {
          assert.equal(decoded.args.weightsPpm.reduce((s, w) => s + w, 0), 1_000_000);
        }
      }
    }
    const expected = [
      ...declared("event"),
      "Transfer", "Approval", "DelegateChanged", "DelegateVotesChanged",
      "ProposalCreated", "VoteCast", "ProposalQueued", "ProposalExecuted", "ProposalCanceled", "CallScheduled", "CallExecuted",
    ];
    const missing = expected.filter((e) => !seen.has(e));
    assert.deepEqual(missing, [], `events never emitted: ${missing.join(", ")}`);
    assert.equal(distributed.length, env.result.inferences);
    for (const d of distributed) assert.equal(d.total, fees.get(d.tx), `fee of ${d.tx} fully distributed`);
  });
});
