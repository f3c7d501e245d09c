/**
 * The indexer's settings, read once from the environment with the devnet deployment record as
 * the default source of chain, addresses and start block. Pure apart from reading that file.
 */
import { resolve } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { ConfigError } from "../core/errors.js";
import { protocolContractNames, readDeploymentSync, type Deployment, type ProtocolContractName } from "../devnet/deployment.js";

export type IndexerSettings = {
  chainId: number;
  rpcUrl: string;
  startBlock: number;
  /** Stop indexing after this block (Ponder's endBlock); undefined follows the chain live. */
  endBlock: number | undefined;
  contracts: Record<ProtocolContractName, Address>;
  /** Keys the embedded database folder and schema so a reset devnet never meets old data. */
  deploymentId: string;
  pollingIntervalMs: number;
  database: { kind: "pglite"; directory: string } | { kind: "postgres"; connectionString: string };
};

/** OpenToken -> OPEN_TOKEN_ADDRESS */
export function addressEnvName(name: ProtocolContractName): string {
  return `${name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_ADDRESS`;
}

export const DEVNET_CHAIN_ID = 31337;

export function readIndexerSettings(env: NodeJS.ProcessEnv = process.env): IndexerSettings {
  const deploymentFile = resolve(env.DEPLOYMENT_FILE ?? resolve(env.DEVNET_DIR ?? ".devnet", "deployment.json"));
  const deployment: Deployment | undefined = readDeploymentSync(deploymentFile);
  const need = <T>(value: T | undefined, what: string, envName: string): T => {
    if (value === undefined || value === "") {
      throw new ConfigError(`no ${what}: ${envName} is unset and there is no deployment record at ${deploymentFile}`, {
        hint: "run `npm run hub` (it writes the devnet deployment) or set the variable, or DEPLOYMENT_FILE",
      });
    }
    return value;
  };
  const chainId = Number(need(env.CHAIN_ID ?? deployment?.chainId?.toString(), "chain id", "CHAIN_ID"));
  if (!Number.isInteger(chainId) || chainId <= 0) throw new ConfigError(`CHAIN_ID ${env.CHAIN_ID} is not a chain id`, { hint: "a positive integer, e.g. 31337" });
  const rpcUrl = need(env.PONDER_RPC_URL ?? deployment?.rpcUrl, "RPC URL", "PONDER_RPC_URL");
  const startBlock = Number(need(env.START_BLOCK ?? deployment?.startBlock?.toString(), "start block", "START_BLOCK"));
  if (!Number.isInteger(startBlock) || startBlock < 0) throw new ConfigError(`START_BLOCK ${env.START_BLOCK} is not a block number`, { hint: "a block number >= 0" });
  const endBlock = env.END_BLOCK ? Number(env.END_BLOCK) : undefined;
  if (endBlock !== undefined && (!Number.isInteger(endBlock) || endBlock < startBlock)) {
    throw new ConfigError(`END_BLOCK ${env.END_BLOCK} is not a block number at or after START_BLOCK ${startBlock}`, { hint: "unset it to follow the chain live" });
  }
  const contracts = {} as Record<ProtocolContractName, Address>;
  for (const name of protocolContractNames) {
    const envName = addressEnvName(name);
    const value = need(env[envName] ?? deployment?.contracts[name], `${name} address`, envName);
    if (!isAddress(value)) throw new ConfigError(`${envName}=${value} is not an address`, { hint: "a 0x-prefixed 20-byte address" });
    contracts[name] = getAddress(value);
  }
  const deploymentId = env.DEPLOYMENT_ID ?? deployment?.deploymentId ?? `chain${chainId}`;
  const pollingIntervalMs = Number(env.PONDER_POLLING_MS ?? (chainId === DEVNET_CHAIN_ID ? 150 : 1000));
  const database = env.DATABASE_URL
    ? ({ kind: "postgres", connectionString: env.DATABASE_URL } as const)
    : ({ kind: "pglite", directory: resolve(env.PONDER_PGLITE_DIR ?? resolve(env.DATA_DIR ?? ".data", "ponder", deploymentId)) } as const);
  return { chainId, rpcUrl, startBlock, endBlock, contracts, deploymentId, pollingIntervalMs, database };
}
