/**
 * Reorgs during live indexing: at several depths (< 30, Ponder's finality on the devnet) a
 * branch is mined and indexed, then the chain is reverted to before it and a different,
 * longer branch is mined. The tables must end equal to the new canonical chain: one row per
 * canonical log, nothing from orphaned blocks, and the same tables as a fresh index.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { keccak256, parseEther, toHex, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { datanetRegistryAbi, openTokenAbi } from "../../contracts-abi/generated/index.js";
import { ChainWriter } from "../../devnet/chain-writer.js";
import { ALL_TABLES } from "../../indexer/event-tables.js";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { snapshotTables, startTestIndexer, TEST_STORES } from "../_setup/ponder-indexer.js";
import { reconcileEntities, reconcileLogs } from "../_setup/chain-reconcile.js";

const DEPTHS = [3, 9, 20];

/** Mines `blocks` blocks, each with a transfer to a branch-specific address and a contribution. */
async function mineBranch(sim: SimulatedDevnet, label: string, blocks: number): Promise<{ recipients: Address[]; contentHashes: Hex[] }> {
  const writer = new ChainWriter({ rpcUrl: sim.devnet.rpcUrl, manualMining: true });
  const { deployment, deployer } = sim.devnet;
  const recipients: Address[] = [];
  const contentHashes: Hex[] = [];
  for (let i = 0; i < blocks; i++) {
    const recipient = privateKeyToAddress(keccak256(toHex(`${label}-recipient-${i}`)));
    const contentHash = keccak256(toHex(`${label}-content-${i}`));
    recipients.push(recipient);
    contentHashes.push(contentHash);
    await writer.write(deployer, { address: deployment.contracts.OpenToken, abi: openTokenAbi, functionName: "transfer", args: [recipient, parseEther(String(i + 1))] });
    await writer.write(deployer, {
      address: deployment.contracts.DatanetRegistry,
      abi: datanetRegistryAbi,
      functionName: "submitContribution",
      args: [1n, contentHash, BigInt(100 + i), `cas://${contentHash}`],
    });
    await writer.mine();
  }
  return { recipients, contentHashes };
}

const rpc = (sim: SimulatedDevnet, method: string, params: unknown[] = []) =>
  sim.devnet.writer.client.request({ method: method as never, params: params as never }) as Promise<unknown>;

for (const store of TEST_STORES) {
  describe(`indexer through reorgs (${store})`, () => {
    let sim: SimulatedDevnet;
    before(async () => {
      sim = await startSimulatedDevnet({ seed: "11", scale: "small" });
    });
    after(async () => {
      await sim?.stop();
    });

    test(`reorgs at depths ${DEPTHS.join(", ")} leave only the canonical chain`, async () => {
      const client = sim.devnet.writer.client;
      const indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
      const orphaned: { recipients: Address[]; contentHashes: Hex[] }[] = [];
      try {
        await indexer.ponder.waitForBlock(sim.result.lastBlock);
        for (const [round, depth] of DEPTHS.entries()) {
          const snapshot = await rpc(sim, "evm_snapshot");
          orphaned.push(await mineBranch(sim, `orphan-${round}`, depth));
          await indexer.ponder.waitForBlock(await client.getBlockNumber({ cacheTime: 0 }));
          await rpc(sim, "evm_revert", [snapshot]);
          await mineBranch(sim, `canonical-${round}`, depth + 2);
          await indexer.ponder.waitForBlock(await client.getBlockNumber({ cacheTime: 0 }));
        }
        const head = await client.getBlockNumber({ cacheTime: 0 });
        await indexer.stop();

        const { problems } = await reconcileLogs(indexer, client, sim.devnet.deployment, head);
        assert.deepEqual(problems, []);
        assert.deepEqual(await reconcileEntities(indexer, client, sim.devnet.deployment), []);
        const orphanRecipients = orphaned.flatMap((o) => o.recipients.map((a) => a.toLowerCase()));
        const orphanHashes = orphaned.flatMap((o) => o.contentHashes);
        assert.deepEqual(await indexer.query(`SELECT id FROM account WHERE lower(id) = ANY($1)`, [orphanRecipients]), []);
        assert.deepEqual(await indexer.query(`SELECT id FROM contribution WHERE content_hash = ANY($1)`, [orphanHashes]), []);

        // A fresh index of the final chain must hold exactly the same rows.
        const fresh = await startTestIndexer({ deploymentFile: sim.deploymentFile, store });
        try {
          await fresh.ponder.waitForBlock(head);
          await fresh.stop();
          assert.deepEqual(await snapshotTables(indexer, ALL_TABLES), await snapshotTables(fresh, ALL_TABLES));
        } finally {
          await fresh.dispose();
        }
      } finally {
        await indexer.dispose();
      }
    });
  });
}
