/** Command-line options shared by `npm run hub` and `npm run simulate`. */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { ConfigError } from "../../core/errors.js";
import { parseScale, type ScaleName } from "../simulator/scale.js";
import { parseDishonestKinds, type DishonestKind } from "../simulator/ground-truth.js";

export type SimulationOptions = {
  seed: string;
  scale: ScaleName;
  dishonestShare: number;
  /** `classic` (default), `all`, or a comma-separated list of kinds (devnet/simulator/ground-truth.ts). */
  dishonestKinds: readonly DishonestKind[];
  dataDir: string;
  exitWhenDone: boolean;
};

export function parseSimulationOptions(argv: string[]): SimulationOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: "string", default: process.env.SIM_SEED ?? "1" },
      scale: { type: "string", default: process.env.SIM_SCALE ?? "small" },
      "dishonest-share": { type: "string", default: process.env.SIM_DISHONEST_SHARE ?? "0.02" },
      "dishonest-kinds": { type: "string", default: "classic" },
      "data-dir": { type: "string", default: process.env.DATA_DIR ?? ".data" },
      exit: { type: "boolean", default: false },
    },
    strict: true,
  });
  let scale: ScaleName;
  try {
    scale = parseScale(values.scale!);
  } catch (cause) {
    throw new ConfigError(`--scale ${values.scale} is not a scale`, { hint: "use --scale small|medium|large", cause });
  }
  const share = Number(values["dishonest-share"]);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new ConfigError(`--dishonest-share ${values["dishonest-share"]} is not a share`, { hint: "give a number between 0 and 1, e.g. 0.02" });
  }
  const dishonestKinds = parseDishonestKinds(values["dishonest-kinds"]!);
  return { seed: values.seed!, scale, dishonestShare: share, dishonestKinds, dataDir: resolve(values["data-dir"]!), exitWhenDone: values.exit! };
}
