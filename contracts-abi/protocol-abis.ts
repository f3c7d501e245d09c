/** Each deployable contract's generated ABI, by contract name: one map for every consumer. */
import type { Abi } from "viem";
import type { ProtocolContractName } from "./contract-names.js";
import {
  attributionEngineAbi,
  datanetRegistryAbi,
  modelFactoryAbi,
  openGovernorAbi,
  openTokenAbi,
  protocolTimelockAbi,
} from "./generated/index.js";

export const protocolAbis = {
  OpenToken: openTokenAbi,
  DatanetRegistry: datanetRegistryAbi,
  ModelFactory: modelFactoryAbi,
  AttributionEngine: attributionEngineAbi,
  ProtocolTimelock: protocolTimelockAbi,
  OpenGovernor: openGovernorAbi,
} as const satisfies Record<ProtocolContractName, Abi>;
