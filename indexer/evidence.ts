/**
 * What every handler needs from an event: the evidence columns and the event row id
 * (`${chainId}-${transactionHash}-${logIndex}`), plus the anomaly writer. Pure over the event.
 */
import type { Context } from "ponder:registry";
import type { Address, Hex } from "viem";
import { anomaly } from "../schema/anomalies.js";

/** The parts of a Ponder log event the indexer reads for evidence. */
export type LogEvent = {
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
  log: { logIndex: number; address: Address };
};

export type Evidence = {
  chainId: number;
  blockNumber: bigint;
  blockTimestamp: bigint;
  transactionHash: Hex;
  logIndex: number;
};

export type Db = Context["db"];

export function evidenceOf(chainId: number, event: LogEvent): Evidence {
  return {
    chainId,
    blockNumber: event.block.number,
    blockTimestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}

export function eventRowId(evidence: Evidence): string {
  return `${evidence.chainId}-${evidence.transactionHash}-${evidence.logIndex}`;
}

/** JSON with bigints as decimal strings, for anomaly details and verbatim admin events. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/**
 * Records an event that does not link to what the index knows. The id is deterministic so a
 * replayed event (reorg, restart) writes the same row once.
 */
export async function recordAnomaly(
  db: Db,
  evidence: Evidence,
  event: LogEvent,
  anomalyInfo: { kind: string; eventName: string; subject?: string | bigint; details: Record<string, unknown> },
): Promise<void> {
  const suffix = anomalyInfo.subject === undefined ? "" : `-${anomalyInfo.subject}`;
  await db
    .insert(anomaly)
    .values({
      id: `${eventRowId(evidence)}-${anomalyInfo.kind}${suffix}`,
      kind: anomalyInfo.kind,
      eventName: anomalyInfo.eventName,
      contract: event.log.address,
      details: toJson(anomalyInfo.details),
      ...evidence,
    })
    .onConflictDoNothing();
}
