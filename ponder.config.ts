/**
 * Ponder's configuration: one chain, the six protocol contracts. Everything comes from the
 * environment with the devnet's deployment record as default (indexer/config.ts).
 */
import { createConfig } from "ponder";
import {
  attributionEngineAbi,
  datanetRegistryAbi,
  modelFactoryAbi,
  openGovernorAbi,
  openTokenAbi,
  protocolTimelockAbi,
} from "./contracts-abi/generated/index.js";
import { readIndexerSettings } from "./indexer/config.js";

const settings = readIndexerSettings();
const on = { chain: "protocol", startBlock: settings.startBlock, endBlock: settings.endBlock } as const;

export default createConfig({
  database:
    settings.database.kind === "postgres"
      ? { kind: "postgres", connectionString: settings.database.connectionString }
      : { kind: "pglite", directory: settings.database.directory },
  chains: {
    protocol: { id: settings.chainId, rpc: settings.rpcUrl, pollingInterval: settings.pollingIntervalMs },
  },
  contracts: {
    OpenToken: { abi: openTokenAbi, address: settings.contracts.OpenToken, ...on },
    DatanetRegistry: { abi: datanetRegistryAbi, address: settings.contracts.DatanetRegistry, ...on },
    ModelFactory: { abi: modelFactoryAbi, address: settings.contracts.ModelFactory, ...on },
    AttributionEngine: { abi: attributionEngineAbi, address: settings.contracts.AttributionEngine, ...on },
    ProtocolTimelock: { abi: protocolTimelockAbi, address: settings.contracts.ProtocolTimelock, ...on },
    OpenGovernor: { abi: openGovernorAbi, address: settings.contracts.OpenGovernor, ...on },
  },
});
