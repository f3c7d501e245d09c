/**
 * The devnet as one value: anvil started (or an existing node from the environment), the
 * protocol deployed, the deployment record written. What `npm run hub` and the tests start.
 */
import type { Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { ConfigError } from "../core/errors.js";
import { startAnvil, type AnvilInstance } from "./anvil.js";
import { ChainWriter } from "./chain-writer.js";
import { deployProtocol } from "./deploy.js";
import { writeDeployment, DEFAULT_DEPLOYMENT_FILE, type Deployment } from "../contracts-abi/deployment.js";

/** anvil's first well-known development key; never use it outside a local chain. */
export const ANVIL_DEV_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export type Devnet = {
  rpcUrl: string;
  chainId: number;
  /** True for the anvil this process started: blocks are mined on request. */
  managed: boolean;
  writer: ChainWriter;
  deployer: PrivateKeyAccount;
  deployment: Deployment;
  anvil: AnvilInstance | undefined;
  setBalance: ((address: Hex, wei: bigint) => Promise<void>) | undefined;
  stop(): Promise<void>;
};

export type StartDevnetParameters = {
  /** Use this node instead of starting anvil (RPC_URL from the configuration); needs a funded key. */
  rpcUrl?: string;
  privateKey?: Hex;
  deploymentFile?: string;
};

export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const external = parameters.rpcUrl;
  const key = parameters.privateKey;
  if (external && !key) {
    throw new ConfigError("RPC_URL is set but DEVNET_PRIVATE_KEY is not", {
      hint: "give the private key of an account funded on that chain, or unset RPC_URL to start a local anvil",
    });
  }
  const anvil = external ? undefined : await startAnvil({ manualMining: true });
  const rpcUrl = external ?? anvil!.rpcUrl;
  const writer = new ChainWriter({ rpcUrl, manualMining: anvil !== undefined });
  const deployer = ChainWriter.account(key ?? ANVIL_DEV_KEY);
  try {
    const deployment = await deployProtocol(writer, deployer, rpcUrl);
    await writeDeployment(deployment, parameters.deploymentFile ?? DEFAULT_DEPLOYMENT_FILE);
    const setBalance = anvil
      ? async (address: Hex, wei: bigint) => {
          await writer.client.request({ method: "anvil_setBalance" as never, params: [address, `0x${wei.toString(16)}`] as never });
        }
      : undefined;
    return {
      rpcUrl,
      chainId: deployment.chainId,
      managed: anvil !== undefined,
      writer,
      deployer,
      deployment,
      anvil,
      setBalance,
      stop: async () => anvil?.stop(),
    };
  } catch (error) {
    await anvil?.stop();
    throw error;
  }
}
