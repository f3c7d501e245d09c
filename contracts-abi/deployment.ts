/**
 * The deployment record: where the protocol's contracts live (chain, RPC URL, addresses, start
 * block). The devnet writes it; the indexer, the replay worker and the hub read it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Address } from "viem";
import { HubError } from "../core/errors.js";
import type { ProtocolContractName } from "./contract-names.js";

export { protocolContractNames, type ProtocolContractName } from "./contract-names.js";

export type Deployment = {
  chainId: number;
  rpcUrl: string;
  /** The first block holding a protocol contract: indexing starts here. */
  startBlock: number;
  deployer: Address;
  contracts: Record<ProtocolContractName, Address>;
  /** Changes on every devnet reset: keys the indexer's RPC cache and schema. */
  deploymentId: string;
};

/** Where the record lives: DEPLOYMENT_FILE, else <DEVNET_DIR>/deployment.json (from the configuration). */
export function deploymentFilePath(settings: { DEPLOYMENT_FILE?: string | undefined; DEVNET_DIR: string }): string {
  return resolve(settings.DEPLOYMENT_FILE ?? resolve(settings.DEVNET_DIR, "deployment.json"));
}

/** The default record of a checkout: .devnet/deployment.json under the working directory. */
export const DEFAULT_DEPLOYMENT_FILE = resolve(".devnet", "deployment.json");

export class DeploymentNotFoundError extends HubError {
  constructor(path: string) {
    super("DEPLOYMENT_NOT_FOUND", `no deployment record at ${path}`, {
      hint: "run `npm run hub` (starts the devnet and deploys) or set the contract addresses in the environment",
    });
  }
}

export async function writeDeployment(deployment: Deployment, path = DEFAULT_DEPLOYMENT_FILE): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(deployment, null, 2)}\n`);
}

export async function readDeployment(path = DEFAULT_DEPLOYMENT_FILE): Promise<Deployment> {
  if (!existsSync(path)) throw new DeploymentNotFoundError(path);
  return JSON.parse(await readFile(path, "utf8")) as Deployment;
}

export function readDeploymentSync(path = DEFAULT_DEPLOYMENT_FILE): Deployment | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Deployment) : undefined;
}
