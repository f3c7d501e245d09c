/**
 * One block of inference traffic: prompts are run through the real ONNX model (batched per
 * run and adapter), attributed by the declared method over the run's training data, made
 * dishonest where planned, stored as artifacts, and recorded on chain.
 */
import { parseEther, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { attributionEngineAbi } from "../../contracts-abi/generated/index.js";
import type { ArtifactStore } from "../../artifacts/store.js";
import { decodeAdapter } from "../../model/adapter.js";
import { featurize } from "../../model/featurize.js";
import { encodeInput, encodeOutput, type InferenceOutput } from "../../model/io.js";
import { ModelSession } from "../../model/session.js";
import { MODEL_SPEC } from "../../model/spec.js";
import { attribute, ATTRIBUTION_METHOD_IDS, type Attribution } from "../../attribution/index.js";
import type { SeededRandom } from "../../core/random.js";
import type { ChainWriter } from "../chain-writer.js";
import { promptText } from "../content/text-generator.js";
import { pickDishonestKind } from "./dishonesty.js";
import { CLASSIC_DISHONEST_KINDS, type DishonestClaim, type DishonestKind } from "./ground-truth.js";
import { plantDishonesty, type HonestInference } from "./plant-dishonesty.js";
import type { SimModel, World } from "./world.js";

export type PlannedInference = {
  caller: PrivateKeyAccount;
  model: SimModel;
  adapterId: bigint;
  methodId: number;
  prompt: string;
  dishonest: boolean;
};

export class InferenceProducer {
  private readonly sessions = new Map<bigint, Promise<ModelSession>>();
  dishonestMade = 0;
  readonly dishonest: DishonestClaim[] = [];

  constructor(
    private readonly world: World,
    private readonly writer: ChainWriter,
    private readonly store: ArtifactStore,
    private readonly engine: Hex,
    private readonly random: SeededRandom,
    private readonly kinds: readonly DishonestKind[] = CLASSIC_DISHONEST_KINDS,
  ) {}

  plan(callers: readonly PrivateKeyAccount[], isDishonest: () => boolean): PlannedInference | undefined {
    // A model whose training data was all withdrawn has nothing left to attribute to: the
    // contract would refuse any claim on it, so no honest caller sends one.
    const published = this.world.models.filter(
      (m) => m.status === "published" && this.world.runs.get(m.latestRunId)!.training.contributions.some((c) => this.world.contributions.get(c.contributionId)?.status === "accepted"),
    );
    if (published.length === 0) return undefined;
    const model = this.random.pick(published);
    const run = this.world.runs.get(model.latestRunId)!;
    const adapters = model.adapterIds.filter((id) => this.world.adapters.get(id)!.runId === model.latestRunId);
    const adapterId = adapters.length > 0 && this.random.bool(0.4) ? this.random.pick(adapters) : 0n;
    const domain = this.random.pick(run.domains);
    const context = this.random.pick(run.training.contributions).text;
    return {
      caller: this.random.pick(callers),
      model,
      adapterId,
      methodId: this.random.bool(0.6) ? ATTRIBUTION_METHOD_IDS.embeddingSimilarity : ATTRIBUTION_METHOD_IDS.spanMatching,
      prompt: promptText(domain, this.random, context),
      dishonest: isDishonest(),
    };
  }

  private session(runId: bigint): Promise<ModelSession> {
    let s = this.sessions.get(runId);
    if (!s) {
      s = ModelSession.load(this.world.runs.get(runId)!.weights);
      this.sessions.set(runId, s);
    }
    return s;
  }

  /** Runs, attributes and sends every planned inference; the caller mines the block. */
  async send(planned: readonly PlannedInference[]): Promise<void> {
    const groups = new Map<string, { runId: bigint; adapterId: bigint; items: PlannedInference[] }>();
    for (const p of planned) {
      const runId = p.adapterId === 0n ? p.model.latestRunId : this.world.adapters.get(p.adapterId)!.runId;
      const key = `${runId}:${p.adapterId}`;
      const group = groups.get(key) ?? { runId, adapterId: p.adapterId, items: [] };
      group.items.push(p);
      groups.set(key, group);
    }
    const prepared = new Map<PlannedInference, Omit<HonestInference, "adapterId" | "methodId" | "outputHash"> & { inputHash: Hex }>();
    const isEligible = (id: bigint) => this.world.contributions.get(id)?.status === "accepted";
    for (const group of groups.values()) {
      const session = await this.session(group.runId);
      const adapter = group.adapterId === 0n ? undefined : decodeAdapter(this.world.adapters.get(group.adapterId)!.bytes);
      const features = group.items.map((p) => featurize(p.prompt));
      const outputs = await session.run(features, adapter);
      const training = this.world.runs.get(group.runId)!.training;
      for (let i = 0; i < group.items.length; i++) {
        const p = group.items[i]!;
        const inputHash = await this.store.put(encodeInput({ prompt: p.prompt, shape: [1, MODEL_SPEC.featureDim], features: features[i]! }));
        const attribution = await attribute({
          methodId: p.methodId,
          output: outputs[i]!,
          training,
          session,
          adapterKey: group.adapterId.toString(),
          adapter,
          isEligible,
        });
        prepared.set(p, { inputHash, runId: group.runId, features: features[i]!, output: outputs[i]!, attribution, session, adapter });
      }
    }
    // Send in plan order so inference ids follow it.
    for (const p of planned) {
      const honest = prepared.get(p)!;
      const { inputHash, attribution } = honest;
      const honestOutputHash = await this.store.put(encodeOutput(honest.output));
      let claimed = attribution;
      let outputHash = honestOutputHash;
      let kind: DishonestKind | undefined;
      if (p.dishonest) {
        const plant = await plantDishonesty(pickDishonestKind(this.dishonestMade, this.kinds), { ...honest, adapterId: p.adapterId, methodId: p.methodId, outputHash: honestOutputHash }, {
          world: this.world,
          store: this.store,
          random: this.random,
          session: (runId) => this.session(runId),
          isEligible,
        });
        ({ kind, claimed, outputHash } = plant);
      }
      const inferenceId = this.world.next("inference");
      if (kind) {
        this.dishonestMade++;
        this.dishonest.push({
          inferenceId: inferenceId.toString(),
          kind,
          honest: { contributionIds: attribution.contributionIds.map(String), weightsPpm: attribution.weightsPpm, outputHash: honestOutputHash },
          claimed: { contributionIds: claimed.contributionIds.map(String), weightsPpm: claimed.weightsPpm, outputHash },
        });
      }
      await this.writer.write(p.caller, {
        address: this.engine,
        abi: attributionEngineAbi,
        functionName: "recordInference",
        args: [
          p.model.id,
          p.adapterId,
          inputHash,
          outputHash,
          parseEther(String(this.random.int(1, 20))),
          p.methodId,
          claimed.contributionIds,
          claimed.weightsPpm,
        ],
        gas: 2_000_000n,
      });
    }
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release();
    this.sessions.clear();
  }
}
