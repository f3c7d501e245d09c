/**
 * The checks that ask the chain through viem: the block hash at the stated height, and every
 * Merkle proof against the root the contract holds at that block (the events: fact-checks.ts).
 * Calls go out concurrently in windows so viem's batched HTTP transport packs them.
 */
import { BaseError, ContractFunctionRevertedError, type PublicClient } from "viem";
import { datanetRegistryAbi } from "../../../contracts-abi/generated/index.js";
import type { VersionProofs } from "../derive/proofs.js";
import type { Fact } from "../facts.js";
import { processProof } from "../merkle-proofs.js";
import type { Report } from "../report.js";

export type VerifyFailure = { check: "digest" | "block" | "chain" | "event" | "merkle" | "derived" | "facts"; subject: string; message: string };

const WINDOW = 2000;

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
