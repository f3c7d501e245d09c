/**
 * Test chain manipulation for the indexer: mining labelled branches (so orphaned rows can be
 * recognised), reorgs by snapshot/revert, and killing Ponder part-way through a sync.
 */
import { keccak256, parseEther, toHex, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { datanetRegistryAbi, openTokenAbi } from "../../contracts-abi/generated/index.js";
import { ChainWriter } from "../../devnet/chain-writer.js";
import type { SimulatedDevnet } from "./simulated-devnet.js";
import type { TestIndexer } from "./ponder-indexer.js";

export type Branch = { recipients: Address[]; contentHashes: Hex[] };

/** Mines `blocks` blocks, each with a transfer to a branch-specific address and a contribution. */
export async function mineBranch(sim: SimulatedDevnet, label: string, blocks: number): Promise<Branch> {
  const writer = new ChainWriter({ rpcUrl: sim.devnet.rpcUrl, manualMining: true });
  const { deployment, deployer } = sim.devnet;
  const branch: Branch = { recipients: [], contentHashes: [] };
  for (let i = 0; i < blocks; i++) {
    const recipient = privateKeyToAddress(keccak256(toHex(`${label}-recipient-${i}`)));
    const contentHash = keccak256(toHex(`${label}-content-${i}`));
    branch.recipients.push(recipient);
    branch.contentHashes.push(contentHash);
    await writer.write(deployer, { address: deployment.contracts.OpenToken, abi: openTokenAbi, functionName: "transfer", args: [recipient, parseEther(String(i + 1))] });
    await writer.write(deployer, {
      address: deployment.contracts.DatanetRegistry,
      abi: datanetRegistryAbi,
      functionName: "submitContribution",
      args: [1n, contentHash, BigInt(100 + i), `cas://${contentHash}`],
    });
    await writer.mine();
  }
  return branch;
}

const rpc = (sim: SimulatedDevnet, method: string, params: unknown[] = []) =>
  sim.devnet.writer.client.request({ method: method as never, params: params as never }) as Promise<unknown>;

export const headOf = (sim: SimulatedDevnet) => sim.devnet.writer.client.getBlockNumber({ cacheTime: 0 });

/**
 * One reorg of `depth` blocks during live indexing: a branch is mined and indexed, the chain is
 * reverted to before it and a different branch two blocks longer is mined and indexed.
 * Returns the orphaned branch.
 */
export async function reorg(sim: SimulatedDevnet, indexer: TestIndexer, label: string, depth: number): Promise<Branch> {
  const snapshot = await rpc(sim, "evm_snapshot");
  const orphaned = await mineBranch(sim, `orphan-${label}`, depth);
  await indexer.ponder.waitForBlock(await headOf(sim));
  await rpc(sim, "evm_revert", [snapshot]);
  await mineBranch(sim, `canonical-${label}`, depth + 2);
  await indexer.ponder.waitForBlock(await headOf(sim));
  return orphaned;
}

/** Polls /status and SIGKILLs Ponder once it has indexed part, not all, of the chain. */
export async function killMidSync(indexer: TestIndexer, firstBlock: bigint, lastBlock: bigint): Promise<bigint> {
  // Ponder on PGlite takes minutes to start on a loaded 2-core machine; the watch lasts as long.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const status = await indexer.ponder.fetchStatus().catch(() => undefined);
    const block = status ? Object.values(status)[0]?.block?.number : undefined;
    if (block !== undefined && BigInt(block) > firstBlock && BigInt(block) < lastBlock - 2n) {
      await indexer.ponder.kill();
      return BigInt(block);
    }
    if (block !== undefined && BigInt(block) >= lastBlock - 2n) {
      await indexer.ponder.kill();
      throw new Error(`Ponder went from before block ${firstBlock + 1n} to ${block} between two polls: nothing to kill part-way`);
    }
    if (!indexer.ponder.isRunning()) throw new Error(`Ponder exited before it could be killed mid-sync:\n${indexer.ponder.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  // Never leave it running: a later restart would start a second Ponder on the same folder.
  await indexer.ponder.kill();
  throw new Error("never saw Ponder part-way through the chain");
}
