/**
 * What the simulator knows of the protocol's state as it drives it: ids are predicted from
 * the contracts' counters (transactions are mined in the order sent and none may revert).
 */
import type { Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Domain } from "../content/domains.js";
import type { TrainingSet } from "../../attribution/training-set.js";

export type SimDatanet = {
  id: bigint;
  owner: PrivateKeyAccount;
  domain: Domain;
  curator: PrivateKeyAccount;
  versions: { version: number; contributionIds: bigint[] }[];
};

export type SimContribution = {
  id: bigint;
  datanetId: bigint;
  contributor: PrivateKeyAccount;
  text: string;
  contentHash: Hex;
  status: "pending" | "accepted" | "rejected" | "withdrawn";
};

export type SimRun = {
  id: bigint;
  modelId: bigint;
  weights: Uint8Array;
  weightsHash: Hex;
  training: TrainingSet;
  domains: Domain[];
};

export type SimModel = {
  id: bigint;
  owner: PrivateKeyAccount;
  status: "draft" | "published" | "deprecated";
  latestRunId: bigint;
  adapterIds: bigint[];
};

export type SimAdapter = { id: bigint; modelId: bigint; runId: bigint; bytes: Uint8Array; hash: Hex };

export class World {
  readonly datanets: SimDatanet[] = [];
  readonly contributions = new Map<bigint, SimContribution>();
  readonly models: SimModel[] = [];
  readonly runs = new Map<bigint, SimRun>();
  readonly adapters = new Map<bigint, SimAdapter>();
  private counters = { datanet: 0n, contribution: 0n, model: 0n, run: 0n, adapter: 0n, inference: 0n, challenge: 0n };

  next(kind: keyof World["counters"]): bigint {
    this.counters[kind] += 1n;
    return this.counters[kind];
  }

  count(kind: keyof World["counters"]): bigint {
    return this.counters[kind];
  }

  /** Accepted and not withdrawn: what a version holds and what may be attributed. */
  activeAccepted(datanetId?: bigint): SimContribution[] {
    return [...this.contributions.values()].filter(
      (c) => c.status === "accepted" && (datanetId === undefined || c.datanetId === datanetId),
    );
  }
}
