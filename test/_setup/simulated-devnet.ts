/**
 * The one way tests get a chain: a real anvil with the protocol deployed and the seeded
 * simulation run on it, artifacts and the deployment record in a fresh temp folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactStore } from "../../artifacts/store.js";
import { startDevnet, type Devnet } from "../../devnet/devnet.js";
import { simulate, type SimulationResult } from "../../devnet/simulator/simulator.js";
import type { ScaleName } from "../../devnet/simulator/scale.js";
import type { DishonestKind } from "../../devnet/simulator/ground-truth.js";

export type SimulatedDevnet = {
  devnet: Devnet;
  result: SimulationResult;
  dataDir: string;
  store: ArtifactStore;
  groundTruthPath: string;
  deploymentFile: string;
  stop(): Promise<void>;
};

export async function startSimulatedDevnet(
  options: { seed?: string; scale?: ScaleName; dishonestShare?: number; dishonestKinds?: readonly DishonestKind[]; simulate?: boolean } = {},
): Promise<SimulatedDevnet> {
  const dataDir = await mkdtemp(join(tmpdir(), "provenance-hub-test-"));
  const deploymentFile = join(dataDir, "deployment.json");
  const devnet = await startDevnet({ deploymentFile });
  const store = new ArtifactStore(join(dataDir, "artifacts"));
  const groundTruthPath = join(dataDir, "ground-truth.json");
  try {
    const result =
      options.simulate === false
        ? ({ firstBlock: 0n, lastBlock: 0n, transactions: 0, inferences: 0, dishonest: 0 } as SimulationResult)
        : await simulate({
            writer: devnet.writer,
            deployment: devnet.deployment,
            deployer: devnet.deployer,
            store,
            groundTruthPath,
            seed: options.seed ?? "1",
            scale: options.scale ?? "small",
            dishonestShare: options.dishonestShare,
            dishonestKinds: options.dishonestKinds,
            setBalance: devnet.setBalance,
          });
    return {
      devnet,
      result,
      dataDir,
      store,
      groundTruthPath,
      deploymentFile,
      async stop() {
        await devnet.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}
