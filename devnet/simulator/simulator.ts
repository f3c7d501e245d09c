/**
 * The seeded activity simulator: drives the deployed protocol through real transactions
 * (contributions, reviews, versions, training runs, adapters, inferences with attributions
 * computed by running the models, rewards, withdrawals, challenges, governance), writing the
 * off-chain artifacts to the content-addressed store as it goes.
 */
import { maxUint256, parseEther, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import * as abi from "../../contracts-abi/generated/index.js";
import { ArtifactStore, casUri } from "../../artifacts/store.js";
import { merkleRoot } from "../../core/merkle.js";
import { SeededRandom } from "../../core/random.js";
import { encodeAdapter, trainAdapter } from "../../model/adapter.js";
import { MODEL_SPEC } from "../../model/spec.js";
import { trainModel } from "../../model/train.js";
import { TrainingSet } from "../../attribution/training-set.js";
import type { ChainWriter } from "../chain-writer.js";
import { DOMAINS } from "../content/domains.js";
import { contributionText } from "../content/text-generator.js";
import type { Deployment } from "../../contracts-abi/deployment.js";
import { deriveActors, everyActor, type Actors } from "./actors.js";
import { GovernanceDriver, type ProposalOutcome } from "./governance.js";
import { writeGroundTruth, type DishonestKind, type GroundTruth } from "./ground-truth.js";
import { InferenceProducer } from "./inferences.js";
import { SCALES, type ScaleName } from "./scale.js";
import { Scheduler } from "./scheduler.js";
import { World, type SimModel } from "./world.js";

export type SimulateParameters = {
  writer: ChainWriter;
  deployment: Deployment;
  deployer: PrivateKeyAccount;
  store: ArtifactStore;
  groundTruthPath: string;
  seed: string;
  scale: ScaleName;
  dishonestShare?: number;
  /** Which dishonest kinds to plant, in turn (default the classic three: existing seeds keep their chains). */
  dishonestKinds?: readonly DishonestKind[];
  /** Devnet: set balances directly instead of sending ETH from the deployer. */
  setBalance?: (address: Hex, wei: bigint) => Promise<void>;
  onProgress?: (message: string) => void;
};

export type SimulationResult = {
  firstBlock: bigint;
  lastBlock: bigint;
  transactions: number;
  inferences: number;
  dishonest: number;
  world: World;
};

const REJECTION_REASONS = [
  "duplicate of an existing contribution",
  "missing licence attestation",
  "off-topic for this datanet",
  "contains personal data",
];

export async function simulate(p: SimulateParameters): Promise<SimulationResult> {
  const scale = SCALES[p.scale];
  const random = new SeededRandom(`simulation:${p.seed}`);
  const actors = deriveActors(p.seed, scale);
  const world = new World();
  const { writer, store, deployment } = p;
  const c = deployment.contracts;
  const progress = p.onProgress ?? (() => {});
  const scheduler = new Scheduler();
  let block = 0;
  let firstBlock: bigint | undefined;
  let lastBlock = 0n;
  const mine = async () => {
    await scheduler.runDue(block);
    const mined = await writer.mine();
    firstBlock ??= mined.number;
    lastBlock = mined.number;
    block++;
  };

  // Actors: gas money, OPEN, delegation (voting power), allowances for fees and bonds.
  for (const actor of everyActor(actors)) {
    if (p.setBalance) await p.setBalance(actor.address, parseEther("1000"));
    else await writer.sendValue(p.deployer, actor.address, parseEther("10"));
  }
  const grants: [PrivateKeyAccount[], bigint][] = [
    [actors.holders, parseEther("30000000")],
    [actors.callers, parseEther("1000000")],
    [actors.contributors, parseEther("1000")],
    [actors.modelBuilders, parseEther("1000")],
  ];
  for (const [group, amount] of grants) {
    for (const a of group) await writer.write(p.deployer, { address: c.OpenToken, abi: abi.openTokenAbi, functionName: "transfer", args: [a.address, amount] });
  }
  await mine();
  for (const a of [...actors.holders, ...actors.callers, ...actors.contributors]) {
    await writer.write(a, { address: c.OpenToken, abi: abi.openTokenAbi, functionName: "delegate", args: [a.address] });
  }
  for (const a of [...actors.holders, ...actors.callers]) {
    await writer.write(a, { address: c.OpenToken, abi: abi.openTokenAbi, functionName: "approve", args: [c.AttributionEngine, maxUint256] });
  }
  await mine();
  progress(`actors funded: ${everyActor(actors).length}`);

  // Datanets and their curators.
  for (let i = 0; i < scale.datanets; i++) {
    const domain = DOMAINS[i % DOMAINS.length]!;
    const owner = actors.contributors[i % actors.contributors.length]!;
    const curator = actors.curators[i % actors.curators.length]!;
    const name = `${domain.names[Math.floor(i / DOMAINS.length) % domain.names.length]} #${i + 1}`;
    const id = world.next("datanet");
    world.datanets.push({ id, owner, domain, curator, versions: [] });
    await writer.write(owner, { address: c.DatanetRegistry, abi: abi.datanetRegistryAbi, functionName: "createDatanet", args: [name, domain.category, domain.licence, `ipfs://datanet/${id}`] });
    await writer.write(owner, { address: c.DatanetRegistry, abi: abi.datanetRegistryAbi, functionName: "addCurator", args: [id, curator.address] });
  }
  await mine();

  const totalInferences = scale.waves * scale.blocksPerEpoch * scale.inferencesPerBlock;
  const share = p.dishonestShare ?? 0.02;
  const dishonestCount = share > 0 ? Math.max(1, Math.round(share * totalInferences)) : 0;
  const dishonestSlots = new Set(random.shuffle([...Array(totalInferences).keys()]).slice(0, dishonestCount));
  let inferenceSlot = 0;
  const producer = new InferenceProducer(world, writer, store, c.AttributionEngine, random.fork("inferences"), p.dishonestKinds);
  const governance = new GovernanceDriver(writer, c.OpenGovernor, c.AttributionEngine, actors.holders, actors.contributors, random.fork("governance"));
  const outcomes: ProposalOutcome[] = ["executed", "defeated", "cancelled"];
  const openChallenges = new Set<bigint>();

  for (let wave = 0; wave < scale.waves; wave++) {
    await contributionWave(p, world, actors, random, scale.contributionsPerWave);
    await mine();
    await reviewPending(p, world, random);
    await mine();
    await publishVersions(p, world);
    await mine();
    await trainWave(p, world, actors, random, wave, scale.models, scale.adapters);
    await mine();
    await publishReadyModels(p, world);
    if (wave === scale.waves - 1 && world.models.length > 1) await deprecate(p, world.models[0]!);
    await mine();
    await withdrawTrainedContributions(p, world, random, scale.withdrawalsPerWave);
    await mine();

    governance.schedule(scheduler, block, outcomes[wave % outcomes.length]!);
    const challengeBlocks = new Set(random.shuffle([...Array(scale.blocksPerEpoch).keys()]).slice(0, scale.challengesPerEpoch));
    for (let b = 0; b < scale.blocksPerEpoch; b++) {
      const planned = [];
      for (let i = 0; i < scale.inferencesPerBlock; i++) {
        const slot = inferenceSlot++;
        const plan = producer.plan(actors.callers, () => dishonestSlots.has(slot));
        if (plan) planned.push(plan);
      }
      await producer.send(planned);
      if (challengeBlocks.has(b) && world.count("inference") > 0n) {
        const target = BigInt(random.int(1, Number(world.count("inference"))));
        if (!openChallenges.has(target)) {
          openChallenges.add(target);
          const challenger = random.pick(actors.holders);
          const challengeId = world.next("challenge");
          await writer.write(challenger, { address: c.AttributionEngine, abi: abi.attributionEngineAbi, functionName: "openChallenge", args: [target, "attribution weights look inconsistent with the output"] });
          const upheld = random.bool(0.4);
          scheduler.at(block + 4, async () => {
            openChallenges.delete(target);
            await writer.write(p.deployer, { address: c.AttributionEngine, abi: abi.attributionEngineAbi, functionName: "resolveChallenge", args: [challengeId, upheld, upheld ? "replay disagreed with the claim" : "replay confirmed the claim"] });
          });
        }
      }
      await mine();
      if (b % 5 === 4) progress(`wave ${wave + 1}/${scale.waves}: block ${b + 1}/${scale.blocksPerEpoch}, ${world.count("inference")} inferences`);
    }
  }
  while (!scheduler.empty) await mine();
  await producer.close();

  const truth: GroundTruth = {
    seed: p.seed,
    scale: p.scale,
    dishonestShare: share,
    inferences: Number(world.count("inference")),
    dishonest: producer.dishonest,
  };
  await writeGroundTruth(p.groundTruthPath, truth);
  return {
    firstBlock: firstBlock ?? 0n,
    lastBlock,
    transactions: writer.transactionsSent,
    inferences: truth.inferences,
    dishonest: truth.dishonest.length,
    world,
  };
}

async function contributionWave(p: SimulateParameters, world: World, actors: Actors, random: SeededRandom, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const datanet = random.pick(world.datanets);
    const contributor = random.pick(actors.contributors);
    const text = contributionText(datanet.domain, random);
    const bytes = new TextEncoder().encode(text);
    const contentHash = await p.store.put(bytes);
    const id = world.next("contribution");
    world.contributions.set(id, { id, datanetId: datanet.id, contributor, text, contentHash, status: "pending" });
    await p.writer.write(contributor, {
      address: p.deployment.contracts.DatanetRegistry,
      abi: abi.datanetRegistryAbi,
      functionName: "submitContribution",
      args: [datanet.id, contentHash, BigInt(bytes.length), casUri(contentHash)],
    });
  }
}

async function reviewPending(p: SimulateParameters, world: World, random: SeededRandom): Promise<void> {
  for (const contribution of world.contributions.values()) {
    if (contribution.status !== "pending") continue;
    const datanet = world.datanets.find((d) => d.id === contribution.datanetId)!;
    const accepted = random.bool(0.85);
    contribution.status = accepted ? "accepted" : "rejected";
    await p.writer.write(datanet.curator, {
      address: p.deployment.contracts.DatanetRegistry,
      abi: abi.datanetRegistryAbi,
      functionName: "reviewContribution",
      args: [contribution.id, accepted, accepted ? "meets the datanet's quality bar" : random.pick(REJECTION_REASONS)],
    });
  }
}

async function publishVersions(p: SimulateParameters, world: World): Promise<void> {
  for (const datanet of world.datanets) {
    const members = world.activeAccepted(datanet.id).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (members.length === 0) continue;
    const version = datanet.versions.length + 1;
    const root = merkleRoot(members.map((m) => m.contentHash));
    const manifest = {
      format: "datanet-version-v1",
      datanetId: datanet.id.toString(),
      version,
      merkleRoot: root,
      contributions: members.map((m) => ({ id: m.id.toString(), contentHash: m.contentHash })),
    };
    const manifestHash = await p.store.put(new TextEncoder().encode(JSON.stringify(manifest)));
    datanet.versions.push({ version, contributionIds: members.map((m) => m.id) });
    await p.writer.write(datanet.owner, {
      address: p.deployment.contracts.DatanetRegistry,
      abi: abi.datanetRegistryAbi,
      functionName: "publishVersion",
      args: [datanet.id, root, BigInt(members.length), casUri(manifestHash)],
    });
  }
}

async function trainWave(p: SimulateParameters, world: World, actors: Actors, random: SeededRandom, wave: number, models: number, adapters: number): Promise<void> {
  const factory = { address: p.deployment.contracts.ModelFactory, abi: abi.modelFactoryAbi } as const;
  if (wave === 0) {
    for (let i = 0; i < models; i++) {
      const owner = actors.modelBuilders[i % actors.modelBuilders.length]!;
      const id = world.next("model");
      world.models.push({ id, owner, status: "draft", latestRunId: 0n, adapterIds: [] });
      const base = random.pick(["llama-3.1-8b", "mistral-7b", "qwen2.5-7b", "phi-3-mini"]);
      await p.writer.write(owner, { ...factory, functionName: "registerModel", args: [`${DOMAINS[i % DOMAINS.length]!.category}-specialist-${id}`, base, `ipfs://model/${id}`] });
    }
  }
  const versioned = world.datanets.filter((d) => d.versions.length > 0);
  const retrain = wave === 0 ? world.models : world.models.filter((m) => m.status !== "deprecated" && random.bool(0.5));
  for (const model of retrain) {
    const start = Number(model.id - 1n) % versioned.length;
    const chosen = [versioned[start]!, ...(random.bool(0.5) && versioned.length > 1 ? [versioned[(start + 1) % versioned.length]!] : [])];
    const versions = chosen.map((d) => d.versions[d.versions.length - 1]!);
    const ids = versions.flatMap((v) => v.contributionIds);
    const examples = ids.map((id) => ({ contributionId: id, text: world.contributions.get(id)!.text }));
    const runId = world.next("run");
    const seed = `${p.seed}/model/${model.id}/run/${runId}`;
    const trained = trainModel({ seed, examples, metadata: { model_id: model.id.toString(), run_id: runId.toString() } });
    const weightsHash = await p.store.put(trained.onnx);
    const config = { format: "training-config-v1", seed, spec: MODEL_SPEC, datanets: chosen.map((d, i) => ({ datanetId: d.id.toString(), version: versions[i]!.version })) };
    const configHash = await p.store.put(new TextEncoder().encode(JSON.stringify(config)));
    world.runs.set(runId, { id: runId, modelId: model.id, weights: trained.onnx, weightsHash, training: new TrainingSet(examples), domains: chosen.map((d) => d.domain) });
    model.latestRunId = runId;
    await p.writer.write(model.owner, {
      ...factory,
      functionName: "recordTrainingRun",
      args: [model.id, chosen.map((d) => d.id), versions.map((v) => v.version), weightsHash, configHash, casUri(configHash)],
      gas: 3_000_000n,
    });
    if (Number(world.count("adapter")) < adapters && (wave === 0 ? model.id % 2n === 1n : random.bool(0.5))) {
      const adapterId = world.next("adapter");
      const bytes = encodeAdapter(trainAdapter(`${seed}/adapter/${adapterId}`));
      const hash = await p.store.put(bytes);
      world.adapters.set(adapterId, { id: adapterId, modelId: model.id, runId, bytes, hash });
      model.adapterIds.push(adapterId);
      await p.writer.write(model.owner, { ...factory, functionName: "publishAdapter", args: [runId, hash, `openlora-${model.id}-${adapterId}`] });
    }
  }
}

async function publishReadyModels(p: SimulateParameters, world: World): Promise<void> {
  for (const model of world.models) {
    if (model.status !== "draft" || model.latestRunId === 0n) continue;
    model.status = "published";
    await p.writer.write(model.owner, { address: p.deployment.contracts.ModelFactory, abi: abi.modelFactoryAbi, functionName: "setModelStatus", args: [model.id, 1] });
  }
}

async function deprecate(p: SimulateParameters, model: SimModel): Promise<void> {
  if (model.status !== "published") return;
  model.status = "deprecated";
  await p.writer.write(model.owner, { address: p.deployment.contracts.ModelFactory, abi: abi.modelFactoryAbi, functionName: "setModelStatus", args: [model.id, 2] });
}

/** Consent withdrawn after a model was trained on the contribution: what audits look for. */
async function withdrawTrainedContributions(p: SimulateParameters, world: World, random: SeededRandom, count: number): Promise<void> {
  const trained = new Set<bigint>();
  for (const run of world.runs.values()) for (const c of run.training.contributions) trained.add(c.contributionId);
  const candidates = [...trained].filter((id) => world.contributions.get(id)!.status === "accepted");
  for (const id of random.shuffle(candidates).slice(0, count)) {
    const contribution = world.contributions.get(id)!;
    contribution.status = "withdrawn";
    await p.writer.write(contribution.contributor, {
      address: p.deployment.contracts.DatanetRegistry,
      abi: abi.datanetRegistryAbi,
      functionName: "withdrawContribution",
      args: [id],
    });
  }
}
