/**
 * The on-chain challenger against a real anvil with the protocol deployed and the small
 * simulation run: a mismatch verdict opens exactly one challenge with the bond, a verified one
 * opens none, and a second try on the same inference is refused by the contract without
 * throwing (the verdict stands either way).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createPublicClient, http, parseEther, zeroHash, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { attributionEngineAbi, openTokenAbi } from "../contracts-abi/generated/index.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../test/_setup/simulated-devnet.js";
import { createChallenger } from "./challenger.js";
import type { Verdict, VerdictKind } from "./verdicts/types.js";

let sim: SimulatedDevnet;
before(async () => {
  sim = await startSimulatedDevnet({ seed: "challenger", scale: "small" });
});
after(async () => sim?.stop());

function verdict(inferenceId: bigint, kind: VerdictKind, reasonCode: string): Verdict {
  const none = { contributionIds: [], weightsPpm: [] };
  return {
    jobKey: `test-${inferenceId}`, chainId: sim.devnet.chainId, inferenceId, claimHash: zeroHash, modelId: 1n, adapterId: 0n, runId: 1n, methodId: 1, blockNumber: 1n,
    verdict: kind, reasonCode, reason: "recomputed weights differ", claimedOutputHash: zeroHash, observedOutputHash: null, outputMatch: null, outputMaxAbsDiff: null,
    outputTolerance: 0, claimed: none, observed: null, largestDeviationPpm: 40_000, weightTolerancePpm: 1_000, l1DeviationPpm: 80_000, l1TolerancePpm: 2_000, failedRules: [], executionProvider: "cpu", runtimeMs: 1, batchSize: 1,
    workerVersion: "test", verifiedAt: new Date(0),
  };
}

test("a mismatch opens one challenge with the bond; a verified verdict none; a repeat is refused without throwing", async () => {
  const { writer, deployer, deployment, rpcUrl } = sim.devnet;
  const engine = deployment.contracts.AttributionEngine;
  const token = deployment.contracts.OpenToken;
  const client = createPublicClient({ transport: http(rpcUrl) });
  const key: Hex = generatePrivateKey();
  const verifier = privateKeyToAccount(key);
  await sim.devnet.setBalance!(verifier.address, parseEther("10"));
  await writer.write(deployer, { address: token, abi: openTokenAbi, functionName: "transfer", args: [verifier.address, parseEther("100")] });
  await writer.mine();

  // two inferences the simulation left unchallenged
  const count = await client.readContract({ address: engine, abi: attributionEngineAbi, functionName: "inferenceCount" });
  const free: bigint[] = [];
  for (let id = count; id >= 1n && free.length < 2; id--) {
    if ((await client.readContract({ address: engine, abi: attributionEngineAbi, functionName: "openChallengeOf", args: [id] })) === 0n) free.push(id);
  }
  const [flagged, honest] = free as [bigint, bigint];
  const bond = await client.readContract({ address: engine, abi: attributionEngineAbi, functionName: "challengeBond" });
  const fromBlock = await client.getBlockNumber();

  // The devnet mines on request only; a real chain makes blocks by itself.
  const miner = setInterval(() => void writer.client.request({ method: "evm_mine" as never, params: [] as never }).catch(() => undefined), 50);
  const logs: string[] = [];
  try {
    const challenge = createChallenger({ rpcUrl, privateKey: key, engine, token, log: (m) => logs.push(m) });
    await challenge([verdict(flagged, "attribution_mismatch", "WEIGHTS_DEVIATION"), verdict(honest, "verified", "VERIFIED_EXACT")]);
    let opened = await client.getContractEvents({ address: engine, abi: attributionEngineAbi, eventName: "ChallengeOpened", fromBlock });
    for (let i = 0; i < 100 && opened.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      opened = await client.getContractEvents({ address: engine, abi: attributionEngineAbi, eventName: "ChallengeOpened", fromBlock });
    }
    assert.equal(opened.length, 1, logs.join("\n"));
    const event = opened[0]!.args;
    assert.equal(event.inferenceId, flagged);
    assert.equal(event.challenger, verifier.address);
    assert.equal(event.bond, bond);
    assert.match(event.reason!, /^replay attribution_mismatch \(WEIGHTS_DEVIATION\)/);
    assert.equal(await client.readContract({ address: engine, abi: attributionEngineAbi, functionName: "openChallengeOf", args: [flagged] }), event.challengeId);
    assert.equal(await client.readContract({ address: engine, abi: attributionEngineAbi, functionName: "openChallengeOf", args: [honest] }), 0n);
    assert.equal(await client.readContract({ address: token, abi: openTokenAbi, functionName: "balanceOf", args: [verifier.address] }), parseEther("100") - bond);

    // the same verdict again: the contract refuses (ChallengeAlreadyOpen), the challenger logs it
    await challenge([verdict(flagged, "attribution_mismatch", "WEIGHTS_DEVIATION")]);
    assert.match(logs.at(-1)!, new RegExp(`could not challenge inference ${flagged}: .*ChallengeAlreadyOpen`));
    const after = await client.getContractEvents({ address: engine, abi: attributionEngineAbi, eventName: "ChallengeOpened", fromBlock });
    assert.equal(after.length, 1);
  } finally {
    clearInterval(miner);
  }
});
