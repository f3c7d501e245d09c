/**
 * The indexer's settings from the hub's configuration (core/config), with the devnet deployment
 * record as the default source of chain, addresses and start block. Pure apart from reading that file.
 */
import { resolve } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { ConfigError } from "../core/errors.js";
import { hubEnv, type HubEnv, type VariableName } from "../core/config/index.js";
import { deploymentFilePath, protocolContractNames, readDeploymentSync, type Deployment, type ProtocolContractName } from "../contracts-abi/deployment.js";

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
export function addressEnvName(name: ProtocolContractName): `${string}_ADDRESS` & VariableName {
  return `${name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}_ADDRESS` as `${string}_ADDRESS` & VariableName;
}

export const DEVNET_CHAIN_ID = 31337;

/** The indexer's settings from the configuration (core/config), the deployment record filling what is unset. */
export function readIndexerSettings(env: HubEnv = hubEnv()): IndexerSettings {
  const deploymentFile = deploymentFilePath(env);
  const deployment: Deployment | undefined = readDeploymentSync(deploymentFile);
  const need = <T>(value: T | undefined, what: string, envName: string): T => {
    if (value === undefined || value === "") {
      throw new ConfigError(`no ${what}: ${envName} is unset and there is no deployment record at ${deploymentFile}`, {
        hint: "run `npm run hub` (it writes the devnet deployment) or set the variable, or DEPLOYMENT_FILE",
      });
    }
    return value;
  };
  const chainId = need(env.CHAIN_ID ?? deployment?.chainId, "chain id", "CHAIN_ID");
  const rpcUrl = need(env.RPC_URL ?? deployment?.rpcUrl, "RPC URL", "RPC_URL");
  const startBlock = need(env.START_BLOCK ?? deployment?.startBlock, "start block", "START_BLOCK");
  const endBlock = env.END_BLOCK;
  if (endBlock !== undefined && endBlock < startBlock) {
    throw new ConfigError(`END_BLOCK ${endBlock} is before START_BLOCK ${startBlock}`, { hint: "unset it to follow the chain live" });
  }
  const contracts = {} as Record<ProtocolContractName, Address>;
  for (const name of protocolContractNames) {
    const envName = addressEnvName(name);
    const value = need(env[envName] ?? deployment?.contracts[name], `${name} address`, envName);
    if (!isAddress(value)) throw new ConfigError(`${envName}=${value} is not an address`, { hint: "a 0x-prefixed 20-byte address" });
    contracts[name] = getAddress(value);
  }
  const deploymentId = env.DEPLOYMENT_ID ?? deployment?.deploymentId ?? `chain${chainId}`;
  const pollingIntervalMs = env.PONDER_POLLING_MS ?? (chainId === DEVNET_CHAIN_ID ? 150 : 1000);
  const database = env.DATABASE_URL
    ? ({ kind: "postgres", connectionString: env.DATABASE_URL } as const)
    : ({ kind: "pglite", directory: resolve(env.PONDER_PGLITE_DIR ?? resolve(env.DATA_DIR, "ponder", deploymentId)) } as const);
  return { chainId, rpcUrl, startBlock, endBlock, contracts, deploymentId, pollingIntervalMs, database };
}
