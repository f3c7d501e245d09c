/** The protocol's deployable contracts: each gets a generated ABI module and a deployed address. */
export const protocolContractNames = [
  "OpenToken",
  "DatanetRegistry",
  "ModelFactory",
  "AttributionEngine",
  "ProtocolTimelock",
  "OpenGovernor",
] as const;
export type ProtocolContractName = (typeof protocolContractNames)[number];
