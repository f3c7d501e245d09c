/** Which datanets an account touches (contributes to, owns, curates) and the rewards of a datanet. */
import { and, eq, inArray, lte } from "ponder";
import type { Address } from "viem";
import { reward } from "../../../schema/attribution.js";
import { contribution, curatorChange, datanet } from "../../../schema/datanets.js";
import type { Fact } from "../facts.js";
import { rewardFact } from "./facts-from-rows.js";
import { selectable, type ReportDb } from "./report-db.js";

export async function readDatanetIdsOfAccount(db: ReportDb, account: Address, asOf: bigint): Promise<bigint[]> {
  const q = selectable(db);
  const address = account.toLowerCase() as Address;
  const [contributed, owned, curated] = await Promise.all([
    q.selectDistinct({ id: contribution.datanetId }).from(contribution).where(and(eq(contribution.contributor, address), lte(contribution.blockNumber, asOf))),
    q.select({ id: datanet.id }).from(datanet).where(and(eq(datanet.owner, address), lte(datanet.blockNumber, asOf))),
    q.selectDistinct({ id: curatorChange.datanetId }).from(curatorChange).where(and(eq(curatorChange.curator, address), lte(curatorChange.blockNumber, asOf))),
  ]);
  return [...new Set([...contributed, ...owned, ...curated].map((r) => r.id))];
}

export async function readRewardFactsOfDatanet(db: ReportDb, datanetId: bigint, asOf: bigint): Promise<Fact[]> {
  const q = selectable(db);
  const ids = q.select({ id: contribution.id }).from(contribution).where(eq(contribution.datanetId, datanetId));
  const rows = await q.select().from(reward).where(and(inArray(reward.contributionId, ids), lte(reward.blockNumber, asOf)));
  return rows.map(rewardFact);
}
