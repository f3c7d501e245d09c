/** Governance changes to the attribution parameters (AttributionEngine's settings) as of a block. */
import { and, eq, lte } from "ponder";
import type { Address } from "viem";
import { parameterChange } from "../../../schema/governance.js";
import type { Fact } from "../facts.js";
import { attributionParameterFact } from "./facts-from-rows.js";
import { selectable, type ReportDb } from "./report-db.js";

export async function readAttributionParameterFacts(db: ReportDb, attributionEngine: Address, asOf: bigint): Promise<Fact[]> {
  const rows = await selectable(db)
    .select()
    .from(parameterChange)
    .where(and(eq(parameterChange.contract, attributionEngine.toLowerCase() as Address), lte(parameterChange.blockNumber, asOf)));
  return rows.map(attributionParameterFact);
}
