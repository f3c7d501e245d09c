/**
 * Deploys the reference protocol and wires it: the governor proposes and cancels on the
 * timelock, the timelock owns AttributionEngine's parameters and receives protocol fees, and
 * the deployer gives up the timelock admin role.
 */
import { randomUUID } from "node:crypto";
import { parseEther, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import * as abi from "../contracts-abi/generated/index.js";
import type { ChainWriter } from "./chain-writer.js";
import type { Deployment } from "../contracts-abi/deployment.js";

export const GOVERNANCE_SETTINGS = {
  votingDelayBlocks: 1,
  votingPeriodBlocks: 10,
  quorumPercent: 4,
  timelockDelaySeconds: 60,
} as const;

export const INITIAL_OPEN_SUPPLY = parseEther("1000000000");

export async function deployProtocol(writer: ChainWriter, deployer: PrivateKeyAccount, rpcUrl: string): Promise<Deployment> {
  const token = await writer.deploy(deployer, {
    abi: abi.openTokenAbi,
    bytecode: abi.openTokenBytecode,
    args: [deployer.address, INITIAL_OPEN_SUPPLY],
    label: "OpenToken",
  });
  const timelock = await writer.deploy(deployer, {
    abi: abi.protocolTimelockAbi,
    bytecode: abi.protocolTimelockBytecode,
    args: [BigInt(GOVERNANCE_SETTINGS.timelockDelaySeconds), [], ["0x0000000000000000000000000000000000000000"], deployer.address],
    label: "ProtocolTimelock",
  });
  const governor = await writer.deploy(deployer, {
    abi: abi.openGovernorAbi,
    bytecode: abi.openGovernorBytecode,
    args: [token, timelock, GOVERNANCE_SETTINGS.votingDelayBlocks, GOVERNANCE_SETTINGS.votingPeriodBlocks, BigInt(GOVERNANCE_SETTINGS.quorumPercent)],
    label: "OpenGovernor",
  });
  const registry = await writer.deploy(deployer, {
    abi: abi.datanetRegistryAbi,
    bytecode: abi.datanetRegistryBytecode,
    args: [],
    label: "DatanetRegistry",
  });
  const factory = await writer.deploy(deployer, {
    abi: abi.modelFactoryAbi,
    bytecode: abi.modelFactoryBytecode,
    args: [registry],
    label: "ModelFactory",
  });
  const engine = await writer.deploy(deployer, {
    abi: abi.attributionEngineAbi,
    bytecode: abi.attributionEngineBytecode,
    args: [token, registry, factory, timelock, timelock, deployer.address],
    label: "AttributionEngine",
  });
  const first = await writer.mine();

  const role = async (name: "PROPOSER_ROLE" | "CANCELLER_ROLE" | "DEFAULT_ADMIN_ROLE"): Promise<Hex> =>
    writer.client.readContract({ address: timelock, abi: abi.protocolTimelockAbi, functionName: name });
  const [proposer, canceller, admin] = await Promise.all([role("PROPOSER_ROLE"), role("CANCELLER_ROLE"), role("DEFAULT_ADMIN_ROLE")]);
  await writer.write(deployer, { address: timelock, abi: abi.protocolTimelockAbi, functionName: "grantRole", args: [proposer, governor] });
  await writer.write(deployer, { address: timelock, abi: abi.protocolTimelockAbi, functionName: "grantRole", args: [canceller, governor] });
  await writer.write(deployer, { address: timelock, abi: abi.protocolTimelockAbi, functionName: "renounceRole", args: [admin, deployer.address] });
  await writer.mine();

  return {
    chainId: await writer.client.getChainId(),
    rpcUrl,
    startBlock: Number(first.number),
    deployer: deployer.address,
    contracts: {
      OpenToken: token,
      DatanetRegistry: registry,
      ModelFactory: factory,
      AttributionEngine: engine,
      ProtocolTimelock: timelock,
      OpenGovernor: governor,
    },
    // Random on purpose: two devnet starts can share block hashes, never an indexer cache.
    deploymentId: randomUUID().slice(0, 8),
  };
}
