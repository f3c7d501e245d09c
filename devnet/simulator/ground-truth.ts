/**
 * Which claims the simulator made dishonest, and how. Written beside the artifacts, never on
 * chain: only tests and benchmarks read it, to score the replay worker.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigError } from "../../core/errors.js";

/** The kinds planted by default (existing seeds keep their chains): crude, material changes. */
export const CLASSIC_DISHONEST_KINDS = ["weights_shuffled", "contribution_swapped", "output_altered"] as const;
/**
 * Shapes a careful dishonest model owner would choose, each aimed at one verifier rule: a shift
 * just over the per-contribution tolerance, many shifts each under it (L1 over), one
 * contribution from outside the run's training set at the tolerance, another model's (or the
 * bare base model's instead of the adapter's) output, the other method's weights.
 */
export const ADVERSARIAL_DISHONEST_KINDS = ["weights_shifted", "weights_shifted_many", "contribution_outside_training", "output_other_model", "method_swapped"] as const;
export const ALL_DISHONEST_KINDS = [...CLASSIC_DISHONEST_KINDS, ...ADVERSARIAL_DISHONEST_KINDS] as const;
export type DishonestKind = (typeof ALL_DISHONEST_KINDS)[number];

/** The verdict the replay worker must give each kind, and its reason code where only one fits. */
export const EXPECTED_VERDICT: Record<DishonestKind, { verdict: "attribution_mismatch" | "output_mismatch"; reasonCode?: string }> = {
  weights_shuffled: { verdict: "attribution_mismatch", reasonCode: "WEIGHTS_DEVIATION" },
  contribution_swapped: { verdict: "attribution_mismatch" },
  output_altered: { verdict: "output_mismatch", reasonCode: "OUTPUT_MISMATCH" },
  weights_shifted: { verdict: "attribution_mismatch", reasonCode: "WEIGHTS_DEVIATION" },
  weights_shifted_many: { verdict: "attribution_mismatch", reasonCode: "WEIGHTS_L1_DEVIATION" },
  contribution_outside_training: { verdict: "attribution_mismatch", reasonCode: "CONTRIBUTION_OUTSIDE_TRAINING_SET" },
  output_other_model: { verdict: "output_mismatch", reasonCode: "OUTPUT_MISMATCH" },
  method_swapped: { verdict: "attribution_mismatch" },
};

export function parseDishonestKinds(value: string): readonly DishonestKind[] {
  if (value === "classic") return CLASSIC_DISHONEST_KINDS;
  if (value === "all") return ALL_DISHONEST_KINDS;
  const kinds = value.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !(ALL_DISHONEST_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown dishonest kinds: ${unknown.join(", ")}`, { hint: `use classic, all or a comma-separated list of ${ALL_DISHONEST_KINDS.join(", ")}` });
  }
  return kinds as DishonestKind[];
}

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
