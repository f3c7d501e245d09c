/** ProtocolParameter: a setting of the AttributionEngine, Governor or Timelock, as of the answered block. */
import { EvidenceRef } from "./evidence.js";
import { ProtocolParameterRef } from "./refs.js";

ProtocolParameterRef.implement({
  description: "A protocol setting keyed by contract and name; its value is the latest change up to the answered block.",
  fields: (t) => ({
    id: t.string({ resolve: (p) => p.row.id }),
    contract: t.field({ type: "Hex", resolve: (p) => p.row.contract }),
    key: t.string({ resolve: (p) => p.row.key }),
    value: t.string({
      description: "Decimal integer or address.",
      resolve: async (p) => {
        if (p.at.block.atHead) return p.row.value;
        const changes = (await p.at.loaders.governance.parameterHistory()).filter((c) => c.key === p.row.key && c.contract.toLowerCase() === p.row.contract.toLowerCase());
        return changes.at(-1)?.newValue ?? p.row.value;
      },
    }),
    evidence: t.field({ type: EvidenceRef, description: "The first change that set it.", resolve: (p) => p.row }),
  }),
});
