/** Token loaders: accounts, and balance, delegation and votes as of a past block. */
import DataLoader from "dataloader";
import { and, count, inArray, lte, sum } from "ponder";
import { account, delegateChange, delegateVotesChange, tokenTransfer } from "../../../schema/token.js";
import type { SqlRunner } from "../read-db.js";
import { latestValuesAt } from "./latest-change.js";
import { rowsById } from "./rows.js";

export type AccountRow = typeof account.$inferSelect;
export type TokenState = { balance: bigint; transferCount: number; delegate: `0x${string}` | null; votes: bigint };

export function createTokenLoaders(sql: SqlRunner, block: bigint) {
  return {
    account: rowsById<typeof account, string>(sql, account, block),
    /** Balance, transfer count, delegate and votes at the answered block, from the history. */
    tokenState: new DataLoader<`0x${string}`, TokenState, string>(async (addresses) => {
      const list = [...addresses];
      const outgoing = await sql.run(
        sql.db.select({ k: tokenTransfer.from, total: sum(tokenTransfer.value), n: count() }).from(tokenTransfer).where(and(inArray(tokenTransfer.from, list), lte(tokenTransfer.blockNumber, block))).groupBy(tokenTransfer.from),
      );
      const incoming = await sql.run(
        sql.db.select({ k: tokenTransfer.to, total: sum(tokenTransfer.value), n: count() }).from(tokenTransfer).where(and(inArray(tokenTransfer.to, list), lte(tokenTransfer.blockNumber, block))).groupBy(tokenTransfer.to),
      );
      const delegates = await latestValuesAt<`0x${string}`, `0x${string}`>(sql, delegateChange, delegateChange.delegator, delegateChange.toDelegate, list, block);
      const votes = await latestValuesAt<`0x${string}`, bigint>(sql, delegateVotesChange, delegateVotesChange.delegate, delegateVotesChange.newVotes, list, block);
      const index = <R extends { k: string }>(rows: R[]) => new Map(rows.map((r) => [r.k.toLowerCase(), r]));
      const [o, i, d, v] = [index(outgoing), index(incoming), index(delegates), index(votes)];
      return list.map((a) => ({
        balance: BigInt(i.get(a)?.total ?? 0) - BigInt(o.get(a)?.total ?? 0),
        transferCount: Number(i.get(a)?.n ?? 0) + Number(o.get(a)?.n ?? 0),
        delegate: d.get(a)?.v ?? null,
        votes: v.get(a)?.v ?? 0n,
      }));
    }, { cacheKeyFn: (a) => a.toLowerCase() }),
  };
}
