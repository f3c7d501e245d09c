/**
 * Which claims the simulator made dishonest, and how. Written beside the artifacts, never on
 * chain: only tests and benchmarks read it, to score the replay worker.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export type DishonestKind = "weights_shuffled" | "contribution_swapped" | "output_altered";

export type DishonestClaim = {
  inferenceId: string;
  kind: DishonestKind;
  honest: { contributionIds: string[]; weightsPpm: number[]; outputHash: string };
  claimed: { contributionIds: string[]; weightsPpm: number[]; outputHash: string };
};

export type GroundTruth = {
  seed: string;
  scale: string;
  dishonestShare: number;
  inferences: number;
  dishonest: DishonestClaim[];
};

export async function writeGroundTruth(path: string, truth: GroundTruth): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(truth, null, 2)}\n`);
}

export async function readGroundTruth(path: string): Promise<GroundTruth> {
  return JSON.parse(await readFile(path, "utf8")) as GroundTruth;
}
