/**
 * What the replay worker verifies (a claim: one recorded inference and its attribution) and
 * the on-chain context it needs to verify it. A ClaimSource yields both; it can read the chain
 * directly (ChainClaimSource) or the indexer's tables.
 */
import type { Address, Hex } from "viem";
import type { IndexerChangeSignal } from "../../analytics/sink/indexer-change-watch.js";

/** Where an event sits in the chain: what "before" means for withdrawals. */
export type EventPosition = { blockNumber: bigint; logIndex: number };

export type Claim = EventPosition & {
  chainId: number;
  inferenceId: bigint;
  modelId: bigint;
  /** 0 when the base model served the inference. */
  adapterId: bigint;
  runId: bigint;
  caller: Address;
  inputHash: Hex;
  outputHash: Hex;
  fee: bigint;
  methodId: number;
  contributionIds: bigint[];
  weightsPpm: number[];
  transactionHash: Hex;
};

export type DatanetVersionRecord = {
  datanetId: bigint;
  version: number;
  merkleRoot: Hex;
  contributionCount: number;
  /** The manifest's artifact hash (from its cas:// URI); undefined when the URI is not cas://. */
  manifestHash: Hex | undefined;
  manifestUri: string;
};

export type RunRecord = {
  runId: bigint;
  modelId: bigint;
  weightsHash: Hex;
  configHash: Hex;
  datanetVersions: DatanetVersionRecord[];
};

export type AdapterRecord = { adapterId: bigint; modelId: bigint; runId: bigint; adapterHash: Hex };

export type ClaimFilter = {
  fromBlock?: bigint;
  toBlock?: bigint;
  /**
   * Claims whose attribution was recorded in these blocks (inclusive): a claim is complete in the
   * block of its AttributionRecorded, which can come after its inference's block. The follower
   * reads new claims this way.
   */
  attributedFromBlock?: bigint;
  attributedToBlock?: bigint;
  modelId?: bigint;
  inferenceIds?: readonly bigint[];
};

export interface ClaimSource {
  /** The latest block the source has claims for (the indexer's checkpoint, or the chain head). */
  head(): Promise<bigint>;
  /** Claims in inference order. */
  claims(filter?: ClaimFilter): AsyncIterable<Claim>;
  /** Undefined when the run is not (yet) known to the source. */
  run(runId: bigint): Promise<RunRecord | undefined>;
  adapter(adapterId: bigint): Promise<AdapterRecord | undefined>;
  /**
   * Which of the given contributions were withdrawn before `position` (earlier block, or same
   * block and lower log index), with where; the source must be complete up to that position.
   */
  withdrawnBefore(contributionIds: readonly bigint[], position: EventPosition): Promise<ReadonlyMap<bigint, EventPosition>>;
  close?(): Promise<void>;
  /** A cheap check of whether the source changed (and whether by a reorg), when the source has one. */
  changeWatch?(): IndexerChangeSignal;
}

export function isBefore(a: EventPosition, b: EventPosition): boolean {
  return a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex);
}
