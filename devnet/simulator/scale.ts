import { ConfigError } from "../../core/errors.js";
/** How much activity each scale produces; small is for tests, medium and large for benchmarks. */
export type ScaleName = "small" | "medium" | "large";

export type Scale = {
  contributors: number;
  curators: number;
  modelBuilders: number;
  callers: number;
  holders: number;
  datanets: number;
  /** Contribution waves; each is followed by reviews, versions, training and an inference epoch. */
  waves: number;
  contributionsPerWave: number;
  models: number;
  adapters: number;
  blocksPerEpoch: number;
  inferencesPerBlock: number;
  withdrawalsPerWave: number;
  challengesPerEpoch: number;
};

export const SCALES: Record<ScaleName, Scale> = {
  // about 1k events
  small: {
    contributors: 8, curators: 2, modelBuilders: 2, callers: 3, holders: 4, datanets: 3, waves: 3,
    contributionsPerWave: 12, models: 3, adapters: 2, blocksPerEpoch: 18, inferencesPerBlock: 1,
    withdrawalsPerWave: 1, challengesPerEpoch: 1,
  },
  // about 100k events
  medium: {
    contributors: 60, curators: 8, modelBuilders: 5, callers: 12, holders: 5, datanets: 10, waves: 4,
    contributionsPerWave: 150, models: 10, adapters: 6, blocksPerEpoch: 30, inferencesPerBlock: 44,
    withdrawalsPerWave: 6, challengesPerEpoch: 6,
  },
  // about 1M events
  large: {
    contributors: 200, curators: 20, modelBuilders: 10, callers: 40, holders: 6, datanets: 15, waves: 5,
    contributionsPerWave: 600, models: 20, adapters: 12, blocksPerEpoch: 60, inferencesPerBlock: 175,
    withdrawalsPerWave: 20, challengesPerEpoch: 20,
  },
};

export function parseScale(value: string): ScaleName {
  if (value === "small" || value === "medium" || value === "large") return value;
  throw new ConfigError(`unknown scale "${value}"`, { hint: "use small, medium or large" });
}
