/**
 * A ClaimSource that reads the protocol's events straight from an RPC node (paged eth_getLogs,
 * decoded with the contracts' ABIs), so the replay worker can run without the indexer. It keeps
 * an in-memory index of what it has read and catches up to the head on demand.
 */
import { createPublicClient, getAbiItem, http, type Address, type Hex, type PublicClient } from "viem";
import { attributionEngineAbi, datanetRegistryAbi, modelFactoryAbi } from "../../contracts-abi/generated/index.js";
import { hashFromCasUri } from "../../artifacts/store.js";
import type { Deployment } from "../../contracts-abi/deployment.js";
import { isBefore, type AdapterRecord, type Claim, type ClaimFilter, type ClaimSource, type EventPosition, type RunRecord, type DatanetVersionRecord } from "./types.js";

const EVENTS = [
  getAbiItem({ abi: attributionEngineAbi, name: "InferenceRecorded" }),
  getAbiItem({ abi: attributionEngineAbi, name: "AttributionRecorded" }),
  getAbiItem({ abi: modelFactoryAbi, name: "TrainingRunRecorded" }),
  getAbiItem({ abi: modelFactoryAbi, name: "AdapterPublished" }),
  getAbiItem({ abi: datanetRegistryAbi, name: "DatanetVersionPublished" }),
  getAbiItem({ abi: datanetRegistryAbi, name: "ContributionWithdrawn" }),
] as const;

type PendingInference = Omit<Claim, "methodId" | "contributionIds" | "weightsPpm">;

export type ChainClaimSourceOptions = {
  rpcUrl: string;
  chainId: number;
  startBlock: bigint;
  addresses: { AttributionEngine: Address; ModelFactory: Address; DatanetRegistry: Address };
  /** Blocks per eth_getLogs page: a whole large range is too big a response. */
  pageBlocks?: bigint;
};

export class ChainClaimSource implements ClaimSource {
  private readonly client: PublicClient;
  private syncedTo: bigint;
  private syncing: Promise<void> | undefined;
  private readonly claimList: Claim[] = [];
  /** The block of each claim's AttributionRecorded. */
  private readonly attributedAt = new WeakMap<Claim, bigint>();
  private readonly pending = new Map<bigint, PendingInference>();
  private readonly runs = new Map<bigint, { runId: bigint; modelId: bigint; weightsHash: Hex; configHash: Hex; versions: [bigint, number][] }>();
  private readonly versions = new Map<string, DatanetVersionRecord>();
  private readonly adapters = new Map<bigint, AdapterRecord>();
  private readonly withdrawn = new Map<bigint, EventPosition>();

  constructor(private readonly options: ChainClaimSourceOptions) {
    this.client = createPublicClient({ transport: http(options.rpcUrl) });
    this.syncedTo = options.startBlock - 1n;
  }

  static fromDeployment(deployment: Deployment, rpcUrl = deployment.rpcUrl): ChainClaimSource {
    return new ChainClaimSource({
      rpcUrl,
      chainId: deployment.chainId,
      startBlock: BigInt(deployment.startBlock),
      addresses: deployment.contracts,
    });
  }

  async head(): Promise<bigint> {
    await this.sync();
    return this.syncedTo;
  }

  /** Reads every page up to the chain head (once at a time). */
  async sync(): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = this.syncToHead().finally(() => (this.syncing = undefined));
    await this.syncing;
  }

  private async syncToHead(): Promise<void> {
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    const page = this.options.pageBlocks ?? 100n;
    const { AttributionEngine, ModelFactory, DatanetRegistry } = this.options.addresses;
    for (let from = this.syncedTo + 1n; from <= head; from += page) {
      const to = from + page - 1n < head ? from + page - 1n : head;
      const logs = await this.client.getLogs({ address: [AttributionEngine, ModelFactory, DatanetRegistry], events: EVENTS, fromBlock: from, toBlock: to, strict: true });
      logs.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
      for (const log of logs) this.apply(log as unknown as DecodedLog);
      this.syncedTo = to;
    }
  }

  private apply(log: DecodedLog): void {
    const position = { blockNumber: log.blockNumber, logIndex: log.logIndex };
    const a = log.args;
    switch (log.eventName) {
      case "InferenceRecorded":
        this.pending.set(a.inferenceId, {
          ...position,
          chainId: this.options.chainId,
          inferenceId: a.inferenceId,
          modelId: a.modelId,
          adapterId: a.adapterId,
          runId: a.runId,
          caller: a.caller,
          inputHash: a.inputHash,
          outputHash: a.outputHash,
          fee: a.fee,
          transactionHash: log.transactionHash,
        });
        break;
      case "AttributionRecorded": {
        const inference = this.pending.get(a.inferenceId);
        if (!inference) break;
        this.pending.delete(a.inferenceId);
        const claim: Claim = { ...inference, methodId: Number(a.methodId), contributionIds: [...a.contributionIds], weightsPpm: a.weightsPpm.map(Number) };
        this.claimList.push(claim);
        this.attributedAt.set(claim, log.blockNumber);
        break;
      }
      case "TrainingRunRecorded":
        this.runs.set(a.runId, {
          runId: a.runId,
          modelId: a.modelId,
          weightsHash: a.weightsHash,
          configHash: a.configHash,
          versions: a.datanetIds.map((id: bigint, i: number) => [id, Number(a.datanetVersions[i])]),
        });
        break;
      case "AdapterPublished":
        this.adapters.set(a.adapterId, { adapterId: a.adapterId, modelId: a.modelId, runId: a.runId, adapterHash: a.adapterHash });
        break;
      case "DatanetVersionPublished":
        this.versions.set(`${a.datanetId}:${a.version}`, {
          datanetId: a.datanetId,
          version: Number(a.version),
          merkleRoot: a.merkleRoot,
          contributionCount: Number(a.contributionCount),
          manifestUri: a.manifestURI,
          manifestHash: hashFromCasUri(a.manifestURI),
        });
        break;
      case "ContributionWithdrawn":
        if (!this.withdrawn.has(a.contributionId)) this.withdrawn.set(a.contributionId, position);
        break;
    }
  }

  async *claims(filter: ClaimFilter = {}): AsyncIterable<Claim> {
    await this.sync();
    const ids = filter.inferenceIds ? new Set(filter.inferenceIds) : undefined;
    for (const claim of this.claimList) {
      if (filter.fromBlock !== undefined && claim.blockNumber < filter.fromBlock) continue;
      if (filter.toBlock !== undefined && claim.blockNumber > filter.toBlock) continue;
      const attributed = this.attributedAt.get(claim) ?? claim.blockNumber;
      if (filter.attributedFromBlock !== undefined && attributed < filter.attributedFromBlock) continue;
      if (filter.attributedToBlock !== undefined && attributed > filter.attributedToBlock) continue;
      if (filter.modelId !== undefined && claim.modelId !== filter.modelId) continue;
      if (ids && !ids.has(claim.inferenceId)) continue;
      yield claim;
    }
  }

  async run(runId: bigint): Promise<RunRecord | undefined> {
    if (!this.runs.has(runId)) await this.sync();
    const run = this.runs.get(runId);
    if (!run) return undefined;
    const datanetVersions: DatanetVersionRecord[] = [];
    for (const [datanetId, version] of run.versions) {
      const record = this.versions.get(`${datanetId}:${version}`);
      if (!record) return undefined;
      datanetVersions.push(record);
    }
    return { runId: run.runId, modelId: run.modelId, weightsHash: run.weightsHash, configHash: run.configHash, datanetVersions };
  }

  async adapter(adapterId: bigint): Promise<AdapterRecord | undefined> {
    if (!this.adapters.has(adapterId)) await this.sync();
    return this.adapters.get(adapterId);
  }

  async withdrawnBefore(contributionIds: readonly bigint[], position: EventPosition): Promise<ReadonlyMap<bigint, EventPosition>> {
    if (this.syncedTo < position.blockNumber) await this.sync();
    const out = new Map<bigint, EventPosition>();
    for (const id of contributionIds) {
      const w = this.withdrawn.get(id);
      if (w && isBefore(w, position)) out.set(id, w);
    }
    return out;
  }
}

// viem's decoded union is precise but unwieldy across six events; the switch above reads the
// fields each event is known (from the ABI) to carry.
type DecodedLog = {
  eventName: (typeof EVENTS)[number]["name"];
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args: Record<string, any>;
};
