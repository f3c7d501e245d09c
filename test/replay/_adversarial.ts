/**
 * What the adversarial suite needs beside the chain: the honest claim it reshapes (recomputed
 * here with the shared method code and the simulation's own models, as a model owner would),
 * and a way to record a claim on chain or see the contract refuse it.
 */
import type { Hex } from "viem";
import { attributionEngineAbi } from "../../contracts-abi/generated/index.js";
import { decodeAdapter, type LoraAdapter } from "../../model/adapter.js";
import { decodeInput, decodeOutput, encodeOutput, type InferenceOutput } from "../../model/io.js";
import { ModelSession } from "../../model/session.js";
import { attribute, type Attribution } from "../../attribution/index.js";
import type { Claim } from "../../replay/claims/types.js";
import type { SimulatedDevnet } from "../_setup/simulated-devnet.js";

/** What a claim declares on chain (the caller, fee and position aside). */
export type ClaimShape = { modelId: bigint; adapterId: bigint; inputHash: Hex; outputHash: Hex; methodId: number; attribution: Attribution };

export type Expected = { verdict: string; reasonCode: string; contributionIds?: bigint[] };

export class AdversaryKit {
  private readonly sessions = new Map<bigint, Promise<ModelSession>>();
  private nextInferenceId: bigint;

  constructor(
    private readonly sim: SimulatedDevnet,
    inferencesSoFar: number,
  ) {
    this.nextInferenceId = BigInt(inferencesSoFar) + 1n;
  }

  get world() {
    return this.sim.result.world;
  }

  /** True when the claim could be sent again now and mean the same: its run is still the one served, every id still accepted. */
  resubmittable(c: Claim): boolean {
    const model = this.world.models.find((m) => m.id === c.modelId)!;
    const servedRun = c.adapterId === 0n ? model.latestRunId : this.world.adapters.get(c.adapterId)!.runId;
    return model.status === "published" && c.runId === servedRun && c.contributionIds.every((id) => this.world.contributions.get(id)!.status === "accepted");
  }

  session(runId: bigint): Promise<ModelSession> {
    let s = this.sessions.get(runId);
    if (!s) this.sessions.set(runId, (s = ModelSession.load(this.world.runs.get(runId)!.weights)));
    return s;
  }

  adapterOf(adapterId: bigint): LoraAdapter | undefined {
    return adapterId === 0n ? undefined : decodeAdapter(this.world.adapters.get(adapterId)!.bytes);
  }

  async features(c: Claim): Promise<Float32Array> {
    return decodeInput(await this.sim.store.get(c.inputHash)).features;
  }

  async output(c: Claim): Promise<InferenceOutput> {
    return decodeOutput(await this.sim.store.get(c.outputHash));
  }

  async putOutput(output: InferenceOutput): Promise<Hex> {
    return this.sim.store.put(encodeOutput(output));
  }

  /** The declared (or another) method's attribution of `output` over the claim's run, with the given eligibility. */
  async attribution(c: Claim, output: InferenceOutput, o: { methodId?: number; isEligible?: (id: bigint) => boolean } = {}): Promise<Attribution> {
    return attribute({
      methodId: o.methodId ?? c.methodId,
      output,
      training: this.world.runs.get(c.runId)!.training,
      session: await this.session(c.runId),
      adapterKey: `${c.adapterId}`,
      adapter: this.adapterOf(c.adapterId),
      isEligible: o.isEligible ?? ((id) => this.world.contributions.get(id)!.status === "accepted"),
    });
  }

  trainingIds(runId: bigint): Set<bigint> {
    return new Set(this.world.runs.get(runId)!.training.contributions.map((x) => x.contributionId));
  }

  /** Queues the claim's transaction (mined by `mine`); returns the inference id it will get. */
  async submit(shape: ClaimShape): Promise<bigint> {
    const { writer, deployer, deployment } = this.sim.devnet;
    await writer.write(deployer, {
      address: deployment.contracts.AttributionEngine,
      abi: attributionEngineAbi,
      functionName: "recordInference",
      args: [shape.modelId, shape.adapterId, shape.inputHash, shape.outputHash, 0n, shape.methodId, shape.attribution.contributionIds, shape.attribution.weightsPpm],
      gas: 2_000_000n,
    });
    return this.nextInferenceId++;
  }

  /** Sends the claim alone in a block and returns the contract's refusal (`DuplicateContribution(7)`), or undefined if it was recorded. */
  async refusal(shape: ClaimShape): Promise<string | undefined> {
    await this.submit(shape);
    try {
      await this.sim.devnet.writer.mine();
    } catch (error) {
      this.nextInferenceId--;
      const details = (error as { details?: { reason?: string } }).details;
      return details?.reason ?? String(error);
    }
    return undefined;
  }

  mine() {
    return this.sim.devnet.writer.mine();
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release();
  }
}

/** A claim the contract refuses, as another claim source (the indexer's tables) could still deliver it. */
export function offChainClaim(base: Claim, inferenceId: bigint, attribution: Attribution, blockNumber: bigint): Claim {
  return { ...base, inferenceId, ...attribution, blockNumber, logIndex: 0, transactionHash: `0x${"0".repeat(64)}` };
}

export function shapeOf(c: Claim, changes: Partial<ClaimShape> = {}): ClaimShape {
  return { modelId: c.modelId, adapterId: c.adapterId, inputHash: c.inputHash, outputHash: c.outputHash, methodId: c.methodId, attribution: { contributionIds: c.contributionIds, weightsPpm: c.weightsPpm }, ...changes };
}
