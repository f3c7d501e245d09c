/** Anomaly: an event the indexer could not link to what it knows, kept with its evidence. */
import { EvidenceRef } from "./evidence.js";
import { AnomalyRef } from "./refs.js";

AnomalyRef.implement({
  fields: (t) => ({
    id: t.string({ resolve: (a) => a.row.id }),
    kind: t.string({ resolve: (a) => a.row.kind }),
    eventName: t.string({ resolve: (a) => a.row.eventName }),
    contract: t.field({ type: "Hex", resolve: (a) => a.row.contract }),
    details: t.string({ description: "JSON.", resolve: (a) => a.row.details }),
    evidence: t.field({ type: EvidenceRef, resolve: (a) => a.row }),
  }),
});
