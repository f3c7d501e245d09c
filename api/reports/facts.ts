/**
 * A fact is one on-chain event as a report cites it: where it was emitted (contract, transaction,
 * block, log index, block time) and its arguments exactly as the ABI names them, with values in
 * one canonical text form (integers as decimal strings, addresses and bytes as lowercase hex).
 * Everything else in a report is derived from its facts by pure functions, so `verify` can check
 * the facts against the chain and recompute the rest.
 */
import type { ProtocolContractName } from "../../contracts-abi/contract-names.js";

export type FactValue = string | boolean | FactValue[];

export type FactEventName =
  | "DatanetCreated"
  | "CuratorAdded"
  | "CuratorRemoved"
  | "ContributionSubmitted"
  | "ContributionReviewed"
  | "ContributionWithdrawn"
  | "DatanetVersionPublished"
  | "ModelRegistered"
  | "TrainingRunRecorded"
  | "AdapterPublished"
  | "ModelStatusChanged"
  | "InferenceRecorded"
  | "AttributionRecorded"
  | "RewardPaid"
  | "FeeDistributed"
  | "ChallengeOpened"
  | "ChallengeResolved"
  | "ParameterChanged"
  | "MethodSet"
  | "ResolverSet";

export type Fact = {
  contract: ProtocolContractName;
  event: FactEventName;
  tx: string;
  /** Decimal block number. */
  block: string;
  logIndex: number;
  /** Block timestamp, decimal Unix seconds. */
  time: string;
  args: Record<string, FactValue>;
};

/** Where a derived row's fact sits on chain: enough for anyone to look it up. */
export type Evidence = { tx: string; block: string; logIndex: number };

export function evidenceOf(fact: Fact): Evidence {
  return { tx: fact.tx, block: fact.block, logIndex: fact.logIndex };
}

/** Chain order: block, then log index. Pure. */
export function compareFacts(a: Fact, b: Fact): number {
  const byBlock = BigInt(a.block) - BigInt(b.block);
  if (byBlock !== 0n) return byBlock < 0n ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/** A fact's value in canonical form: what the ABI decodes, written the way reports write it. */
export function canonicalFactValue(value: unknown): FactValue {
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(canonicalFactValue);
  if (typeof value === "string") return value;
  return String(value);
}

/** Reads a fact argument that must be text (ids, amounts, hashes). */
export function argText(fact: Fact, name: string): string {
  const value = fact.args[name];
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

export function argBool(fact: Fact, name: string): boolean {
  return fact.args[name] === true;
}

export function argList(fact: Fact, name: string): string[] {
  const value = fact.args[name];
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))) : [];
}
