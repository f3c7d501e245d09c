/**
 * The checks that ask the chain: the block hash at the stated height, every cited event (its
 * receipt, the log at its index, decoded with the protocol's ABIs and compared field by field,
 * its block time), and every Merkle proof against the root the contract holds at that block.
 * Calls go out concurrently in windows so viem's batched HTTP transport packs them.
 */
import { BaseError, ContractFunctionRevertedError, decodeEventLog, toEventSelector, TransactionReceiptNotFoundError, type AbiEvent, type PublicClient, type TransactionReceipt } from "viem";
import { datanetRegistryAbi } from "../../../contracts-abi/generated/index.js";
import { protocolAbis } from "../../../contracts-abi/protocol-abis.js";
import type { VersionProofs } from "../derive/proofs.js";
import type { Fact } from "../facts.js";
import { processProof } from "../merkle-proofs.js";
import type { Report } from "../report.js";
import { compareEventArgs } from "./compare.js";

export type VerifyFailure = { check: "digest" | "block" | "chain" | "event" | "merkle" | "derived" | "facts"; subject: string; message: string };

const WINDOW = 2000;

/**
 * Each protocol event by its topic0, computed once: decodeEventLog over a whole ABI hashes every
 * event's signature on every call, which dominated verification of long reports.
 */
const eventsByTopic = new Map<string, { contract: string; event: AbiEvent }>();
for (const [contract, abi] of Object.entries(protocolAbis)) {
  for (const item of abi) if (item.type === "event") eventsByTopic.set(`${contract}:${toEventSelector(item as AbiEvent)}`, { contract, event: item as AbiEvent });
}

async function inWindows<T, R>(items: readonly T[], run: (item: T) => Promise<R>, onDone?: (n: number) => void): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += WINDOW) {
    out.push(...(await Promise.all(items.slice(i, i + WINDOW).map(run))));
    onDone?.(Math.min(i + WINDOW, items.length));
  }
  return out;
}

export function describeFact(f: Fact): string {
  return `${f.event} at block ${f.block} log ${f.logIndex} (tx ${f.tx})`;
}

export async function checkAnchor(client: PublicClient, report: Report): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const chainId = await client.getChainId();
  if (String(chainId) !== report.chain.chainId) failures.push({ check: "chain", subject: "chain id", message: `report says chain ${report.chain.chainId}, the RPC serves chain ${chainId}` });
  const block = await client.getBlock({ blockNumber: BigInt(report.asOf.block) }).catch(() => undefined);
  if (!block) failures.push({ check: "block", subject: `block ${report.asOf.block}`, message: "the chain has no block at the stated height" });
  else if (block.hash!.toLowerCase() !== report.asOf.blockHash.toLowerCase()) {
    failures.push({ check: "block", subject: `block ${report.asOf.block}`, message: `report says hash ${report.asOf.blockHash}, the chain says ${block.hash}` });
  } else if (block.timestamp.toString() !== report.asOf.timestamp) {
    failures.push({ check: "block", subject: `block ${report.asOf.block}`, message: `report says time ${report.asOf.timestamp}, the chain says ${block.timestamp}` });
  }
  return failures;
}

function checkFactAgainstReceipt(fact: Fact, receipt: TransactionReceipt | undefined, report: Report, blockTimes: Map<string, string>): VerifyFailure[] {
  const fail = (message: string): VerifyFailure[] => [{ check: "event", subject: describeFact(fact), message }];
  if (BigInt(fact.block) > BigInt(report.asOf.block)) return fail(`the fact is after the report's block ${report.asOf.block}`);
  if (!receipt) return fail("the chain has no such transaction");
  if (receipt.blockNumber.toString() !== fact.block) return fail(`the transaction is in block ${receipt.blockNumber}, not ${fact.block}`);
  const log = receipt.logs.find((l) => l.logIndex === fact.logIndex);
  if (!log) return fail(`the transaction has no log at index ${fact.logIndex} (its logs: ${receipt.logs.map((l) => l.logIndex).join(", ")})`);
  const expectedAddress = report.chain.contracts[fact.contract];
  if (log.address.toLowerCase() !== expectedAddress?.toLowerCase()) return fail(`the log was emitted by ${log.address}, not ${fact.contract} at ${expectedAddress}`);
  const known = eventsByTopic.get(`${fact.contract}:${log.topics[0]}`);
  if (!known) return fail(`the log is not a ${fact.contract} event`);
  const event = known.event;
  let decoded: { eventName: string; args: unknown };
  try {
    decoded = decodeEventLog({ abi: [event], data: log.data, topics: log.topics }) as { eventName: string; args: unknown };
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

export async function checkFacts(client: PublicClient, report: Report, onProgress?: (done: number, total: number) => void): Promise<VerifyFailure[]> {
  const txs = [...new Set(report.facts.map((f) => f.tx))];
  const blocks = [...new Set(report.facts.map((f) => f.block))];
  const total = txs.length + blocks.length;
  const receipts = new Map<string, TransactionReceipt | undefined>();
  await inWindows(
    txs,
    async (hash) =>
      receipts.set(
        hash,
        await client.getTransactionReceipt({ hash: hash as `0x${string}` }).catch((error: unknown) => {
          // Only "not found" is the chain's answer; a transport failure must not pass as one.
          if (error instanceof TransactionReceiptNotFoundError) return undefined;
          throw error;
        }),
      ),
    (n) => onProgress?.(n, total),
  );
  const blockTimes = new Map<string, string>();
  await inWindows(
    blocks,
    async (n) => {
      const block = await client.getBlock({ blockNumber: BigInt(n) });
      blockTimes.set(n, block.timestamp.toString());
    },
    (n) => onProgress?.(txs.length + n, total),
  );
  return report.facts.flatMap((f) => checkFactAgainstReceipt(f, receipts.get(f.tx), report, blockTimes));
}

/** Each version's root as the contract holds it at the report's block, and each proof against it. */
export async function checkProofs(client: PublicClient, report: Report): Promise<{ failures: VerifyFailure[]; proofs: number }> {
  const failures: VerifyFailure[] = [];
  let proofs = 0;
  const registry = report.chain.contracts.DatanetRegistry as `0x${string}`;
  const roots = await inWindows(report.merkleProofs, async (v: VersionProofs) =>
    client
      .readContract({ address: registry, abi: datanetRegistryAbi, functionName: "getVersion", args: [BigInt(v.datanetId), Number(v.version)], blockNumber: BigInt(report.asOf.block) })
      .then((r) => r.merkleRoot.toLowerCase())
      .catch((error: unknown) => {
        // A revert (UnknownDatanetVersion) is the registry's answer; anything else is the transport's.
        if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError)) return undefined;
        throw error;
      }),
  );
  report.merkleProofs.forEach((v, i) => {
    const subject = `datanet ${v.datanetId} version ${v.version}`;
    const root = roots[i];
    if (root === undefined) {
      failures.push({ check: "merkle", subject, message: "the registry has no such version at the report's block" });
      return;
    }
    if (root !== v.merkleRoot.toLowerCase()) failures.push({ check: "merkle", subject, message: `report says root ${v.merkleRoot}, the registry holds ${root}` });
    for (const leaf of v.leaves) {
      proofs += 1;
      const reached = processProof(leaf.contentHash, leaf.proof);
      if (reached !== root) failures.push({ check: "merkle", subject: `contribution ${leaf.contributionId} in ${subject}`, message: `its proof leads to ${reached}, the registry's root is ${root}` });
    }
  });
  return { failures, proofs };
}
