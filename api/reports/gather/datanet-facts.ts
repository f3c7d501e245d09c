/**
 * Everything the chain says about some datanets as of a block: creation, curator changes,
 * contributions, reviews, withdrawals and published versions. Whole datanets, because a
 * version's members (and so its Merkle proofs) follow from all of its datanet's contributions.
 */
import { and, inArray, lte, ne } from "ponder";
import { contribution, contributionStatusChange, curatorChange, datanet, datanetVersion } from "../../../schema/datanets.js";
import type { Fact } from "../facts.js";
import {
  contributionStatusFact,
  contributionSubmittedFact,
  curatorChangeFact,
  datanetCreatedFact,
  versionPublishedFact,
} from "./facts-from-rows.js";
import { selectable, type ReportDb } from "./report-db.js";

export async function readDatanetFacts(db: ReportDb, datanetIds: readonly bigint[], asOf: bigint): Promise<Fact[]> {
  if (datanetIds.length === 0) return [];
  const ids = [...new Set(datanetIds)];
  const q = selectable(db);
  const [datanets, curators, contributions, changes, versions] = await Promise.all([
    q.select().from(datanet).where(and(inArray(datanet.id, ids), lte(datanet.blockNumber, asOf))),
    q.select().from(curatorChange).where(and(inArray(curatorChange.datanetId, ids), lte(curatorChange.blockNumber, asOf))),
    q.select().from(contribution).where(and(inArray(contribution.datanetId, ids), lte(contribution.blockNumber, asOf))),
    q
      .select()
      .from(contributionStatusChange)
      .where(and(inArray(contributionStatusChange.datanetId, ids), lte(contributionStatusChange.blockNumber, asOf), ne(contributionStatusChange.change, "submitted"))),
    q.select().from(datanetVersion).where(and(inArray(datanetVersion.datanetId, ids), lte(datanetVersion.blockNumber, asOf))),
  ]);
  const facts: Fact[] = [
    ...datanets.map(datanetCreatedFact),
    ...curators.map(curatorChangeFact),
    ...contributions.map(contributionSubmittedFact),
    ...versions.map(versionPublishedFact),
  ];
  for (const change of changes) {
    const f = contributionStatusFact(change);
    if (f) facts.push(f);
  }
  return facts;
}
