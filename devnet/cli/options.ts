/** Command-line options shared by `npm run hub` and `npm run simulate`. */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import type { Hex } from "viem";
import { hubEnv, type HubEnv } from "../../core/config/index.js";
import { ConfigError } from "../../core/errors.js";
import { deploymentFilePath } from "../../contracts-abi/deployment.js";
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
  /** Where the deployment record is written (DEPLOYMENT_FILE or <DEVNET_DIR>/deployment.json). */
  deploymentFile: string;
  /** An existing node to deploy to instead of a fresh anvil (RPC_URL), and its funded key. */
  rpcUrl: string | undefined;
  privateKey: Hex | undefined;
};

/** Flags override the configuration's SIM_* and DATA_DIR values, which are already validated. */
export function parseSimulationOptions(argv: string[], env: HubEnv = hubEnv()): SimulationOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: "string", default: env.SIM_SEED },
      scale: { type: "string", default: env.SIM_SCALE },
      "dishonest-share": { type: "string", default: String(env.SIM_DISHONEST_SHARE) },
      "data-dir": { type: "string", default: env.DATA_DIR },
      "dishonest-kinds": { type: "string", default: env.SIM_DISHONEST_KINDS },
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
  return {
    seed: values.seed!,
    scale,
    dishonestShare: share,
    dishonestKinds: parseDishonestKinds(values["dishonest-kinds"]!),
    dataDir: resolve(values["data-dir"]!),
    exitWhenDone: values.exit!,
    deploymentFile: deploymentFilePath(env),
    rpcUrl: env.RPC_URL,
    privateKey: env.DEVNET_PRIVATE_KEY as Hex | undefined,
  };
}
