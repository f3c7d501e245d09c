/**
 * Every cited event against the chain: the receipt of its transaction (fetched once per
 * transaction, however many facts it holds), the log at the stated index, emitted by the
 * report's address for that contract, decoded with the protocol's ABIs and compared field by
 * field, and its block's time. Receipts and headers come as raw JSON-RPC batches
 * (json-rpc-batch.ts); a block's time is read from its logs' `blockTimestamp` where the node
 * gives it and from the header otherwise.
 */
import { decodeEventLog, toEventSelector, type AbiEvent, type Hex } from "viem";
import { protocolAbis } from "../../../contracts-abi/protocol-abis.js";
import type { Fact } from "../facts.js";
import type { Report } from "../report.js";
import { describeFact, type VerifyFailure } from "./chain-checks.js";
import { compareEventArgs } from "./compare.js";
import { callInBatches, type BatchOptions } from "./json-rpc-batch.js";

type RawLog = { address: string; topics: Hex[]; data: Hex; logIndex: string; blockTimestamp?: string };
type RawReceipt = { blockNumber: string; logs: RawLog[] };
/** A receipt with its logs by index, built once per transaction. */
type IndexedReceipt = { block: bigint; logs: Map<number, RawLog>; indexes: number[] };

/**
 * Each protocol event by its topic0, computed once: decodeEventLog over a whole ABI hashes every
 * event's signature on every call, which dominated verification of long reports.
 */
const eventsByTopic = new Map<string, AbiEvent>();
for (const [contract, abi] of Object.entries(protocolAbis)) {
  for (const item of abi) if (item.type === "event") eventsByTopic.set(`${contract}:${toEventSelector(item as AbiEvent)}`, item as AbiEvent);
}

function indexReceipt(raw: RawReceipt | null): IndexedReceipt | undefined {
  if (!raw) return undefined;
  const logs = new Map<number, RawLog>();
  for (const log of raw.logs) logs.set(Number(log.logIndex), log);
  return { block: BigInt(raw.blockNumber), logs, indexes: [...logs.keys()] };
}

function checkFactAgainstReceipt(fact: Fact, receipt: IndexedReceipt | undefined, report: Report, blockTimes: Map<string, string>): VerifyFailure[] {
  const fail = (message: string): VerifyFailure[] => [{ check: "event", subject: describeFact(fact), message }];
  if (BigInt(fact.block) > BigInt(report.asOf.block)) return fail(`the fact is after the report's block ${report.asOf.block}`);
  if (!receipt) return fail("the chain has no such transaction");
  if (receipt.block.toString() !== fact.block) return fail(`the transaction is in block ${receipt.block}, not ${fact.block}`);
  const log = receipt.logs.get(fact.logIndex);
  if (!log) return fail(`the transaction has no log at index ${fact.logIndex} (its logs: ${receipt.indexes.join(", ")})`);
  const expectedAddress = report.chain.contracts[fact.contract];
  if (log.address.toLowerCase() !== expectedAddress?.toLowerCase()) return fail(`the log was emitted by ${log.address}, not ${fact.contract} at ${expectedAddress}`);
  const event = eventsByTopic.get(`${fact.contract}:${log.topics[0]}`);
  if (!event) return fail(`the log is not a ${fact.contract} event`);
  let decoded: { eventName: string; args: unknown };
  try {
    decoded = decodeEventLog({ abi: [event], data: log.data, topics: log.topics as [Hex, ...Hex[]] }) as { eventName: string; args: unknown };
  } catch {
    return fail(`the log does not decode as a ${event.name}`);
  }
  if (decoded.eventName !== fact.event) return fail(`the log is a ${decoded.eventName}, not a ${fact.event}`);
  const mismatches = compareEventArgs(event, decoded.args as Record<string, unknown>, fact.args);
  const out = mismatches.map((m) => ({ check: "event" as const, subject: describeFact(fact), message: `${m.field}: report says ${JSON.stringify(m.report)}, the chain says ${JSON.stringify(m.chain)}` }));
  const time = blockTimes.get(fact.block);
  if (time !== undefined && time !== fact.time) out.push({ check: "event", subject: describeFact(fact), message: `time: report says ${fact.time}, block ${fact.block} was mined at ${time}` });
  return out;
}

export async function checkFacts(rpcUrl: string, report: Report, options: Omit<BatchOptions, "onDone"> & { onProgress?: (done: number, total: number) => void } = {}): Promise<VerifyFailure[]> {
  const txs = [...new Set(report.facts.map((f) => f.tx))];
  const blocks = [...new Set(report.facts.map((f) => f.block))];
  const total = txs.length + blocks.length;
  const rawReceipts = await callInBatches(
    rpcUrl,
    txs.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] })),
    { ...options, onDone: (n) => options.onProgress?.(n, total) },
  );
  const receipts = new Map<string, IndexedReceipt | undefined>();
  const blockTimes = new Map<string, string>();
  txs.forEach((hash, i) => {
    const raw = rawReceipts[i] as RawReceipt | null;
    receipts.set(hash, indexReceipt(raw));
    const stamped = raw?.logs.find((l) => l.blockTimestamp !== undefined);
    if (stamped) blockTimes.set(BigInt(raw!.blockNumber).toString(), BigInt(stamped.blockTimestamp!).toString());
  });
  // Headers only for the blocks whose logs did not carry their time (nodes without blockTimestamp).
  const unstamped = blocks.filter((b) => !blockTimes.has(b));
  const headers = await callInBatches(
    rpcUrl,
    unstamped.map((b) => ({ method: "eth_getBlockByNumber", params: [`0x${BigInt(b).toString(16)}`, false] })),
    { ...options, onDone: (n) => options.onProgress?.(txs.length + blocks.length - unstamped.length + n, total) },
  );
  unstamped.forEach((b, i) => {
    const header = headers[i] as { timestamp: string } | null;
    if (header) blockTimes.set(b, BigInt(header.timestamp).toString());
  });
  options.onProgress?.(total, total);
  return report.facts.flatMap((f) => checkFactAgainstReceipt(f, receipts.get(f.tx), report, blockTimes));
}
