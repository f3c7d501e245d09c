/**
 * The cheap "did the indexer change?" check the sink and the replay follower make before they
 * read anything. One small query per poll over Ponder's own bookkeeping:
 *
 * - `_ponder_checkpoint.latest_checkpoint`, written in the same transaction as each indexed
 *   block's rows: the indexed head (block number and time are encoded in it; a position inside
 *   a block leaves that block out, see indexer/ponder-checkpoint.ts);
 * - per followed table, `_reorg__<table>`: Ponder's log of every write to an unfinalized block
 *   (a serial `operation_id`, the block's `checkpoint`). A reorg deletes the log entries of the
 *   reverted blocks, a finalization deletes the finalized ones. Each poll reads, per table, the
 *   newest entry, whether the newest one seen last time is still there, and the first entry
 *   after it: at most three index lookups (ORDER BY … LIMIT 1 and a key equality, so that the
 *   planner never scans the table, even without statistics, as on PGlite).
 *
 * A reorg is noticed even when the new branch reaches the same height, with the same head
 * checkpoint: the newest entry seen last time is gone without having been finalized, or a new
 * entry belongs to a block at or below the head seen last time. A schema without Ponder's
 * tables (tests' indexer-shaped tables) is watched by its newest row per table, and any change
 * is reported as a rewrite (the caller re-syncs its window: exact, not cheap).
 */
import { assertIdentifier } from "../store/store.js";
import { headOfCheckpoint, indexedHeadOfCheckpoint } from "../../indexer/ponder-checkpoint.js";
import type { Queryable, SourceHead } from "./postgres-source.js";

export type IndexerChange =
  | { kind: "unchanged"; head: SourceHead }
  | { kind: "advanced"; head: SourceHead; previous: SourceHead }
  | { kind: "rewritten"; head: SourceHead; reason: "first look" | "reorg" | "head moved back" | "no ponder bookkeeping" };

/** A change and how many rows the check itself returned or scanned (for the activity counters). */
export type PolledChange = IndexerChange & { checkRows: number };

/** What the sink and the follower need: one poll per tick. */
export type IndexerChangeSignal = { poll(): Promise<PolledChange> };

type OpsSeen = { maxOp: bigint; maxCheckpoint: string };
type OpsNow = { maxOp: bigint | undefined; sawPrevious: boolean; minNewCheckpoint: string | undefined; maxCheckpoint: string | undefined; returned: number };


/** Watches the tables `tables` of the indexer schema `schema`. Network (one query a poll). */
export class IndexerChangeWatch implements IndexerChangeSignal {
  private layout: { ponder: boolean; reorgTables: string[] } | undefined;
  private last: { token: string; head: SourceHead } | undefined;
  private readonly seen = new Map<string, OpsSeen>();

  constructor(
    private readonly pool: Queryable,
    private readonly schema: string,
    private readonly tables: readonly string[],
  ) {
    for (const name of [schema, ...tables]) assertIdentifier(name);
  }

  async poll(): Promise<PolledChange> {
    this.layout ??= await this.discover();
    try {
      return this.layout.ponder ? await this.pollPonder(this.layout.reorgTables) : await this.pollRows();
    } catch (error) {
      this.layout = undefined; // a rebuilt schema may have other tables: look again next time
      throw error;
    }
  }

  private async discover(): Promise<{ ponder: boolean; reorgTables: string[] }> {
    const r = await this.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [this.schema]);
    const names = new Set(r.rows.map((row) => row.table_name));
    return { ponder: names.has("_ponder_checkpoint"), reorgTables: this.tables.filter((t) => names.has(`_reorg__${t}`)) };
  }

  private async pollPonder(reorgTables: string[]): Promise<PolledChange> {
    const s = `"${this.schema}"`;
    // Entries are appended in block order, and a reorg removes only the newest ones: the first
    // entry after the one seen last has the lowest block among the new entries.
    const opColumns = reorgTables.map((t, i) => {
      const log = `${s}."_reorg__${t}"`;
      const seen = this.seen.get(t)?.maxOp ?? -1n;
      return `json_build_array(
          (SELECT json_build_array(operation_id::text, checkpoint) FROM ${log} ORDER BY operation_id DESC LIMIT 1),
          EXISTS (SELECT 1 FROM ${log} WHERE operation_id = ${seen}),
          (SELECT checkpoint FROM ${log} WHERE operation_id > ${seen} ORDER BY operation_id LIMIT 1))::text AS ops${i}`;
    });
    const r = await this.pool.query<Record<string, string | null>>(
      `SELECT (SELECT min(latest_checkpoint) FROM ${s}._ponder_checkpoint) AS latest, (SELECT min(finalized_checkpoint) FROM ${s}._ponder_checkpoint) AS finalized${opColumns.map((c) => `, ${c}`).join("")}`,
    );
    const row = r.rows[0] ?? {};
    const latest = row.latest ?? "";
    const finalized = row.finalized ?? "";
    const head = indexedHeadOfCheckpoint(latest);
    const now = reorgTables.map((_, i) => parseOps(row[`ops${i}`] ?? null));
    const checkRows = 1 + now.reduce((n, o) => n + o.returned, 0);
    const token = `${latest}|${now.map((o) => o.maxOp ?? "").join(",")}`;
    const previous = this.last;
    let reorg = false;
    if (previous) {
      for (const [i, table] of reorgTables.entries()) {
        const was = this.seen.get(table);
        const o = now[i]!;
        // The newest write we saw is gone: finalized (pruned) or reverted by a reorg.
        if (was && !o.sawPrevious && was.maxCheckpoint > finalized) reorg = true;
        // A write to a block we already took as indexed: a new branch below our head.
        if (o.minNewCheckpoint !== undefined && headOfCheckpoint(o.minNewCheckpoint).block <= previous.head.block) reorg = true;
      }
    }
    for (const [i, table] of reorgTables.entries()) {
      const o = now[i]!;
      if (o.maxOp === undefined || o.maxCheckpoint === undefined) this.seen.delete(table);
      else this.seen.set(table, { maxOp: o.maxOp, maxCheckpoint: o.maxCheckpoint });
    }
    this.last = { token, head };
    if (!previous) return { kind: "rewritten", head, reason: "first look", checkRows };
    if (head.block < previous.head.block) return { kind: "rewritten", head, reason: "head moved back", checkRows };
    if (reorg) return { kind: "rewritten", head, reason: "reorg", checkRows };
    if (token === previous.token) return { kind: "unchanged", head, checkRows };
    return { kind: "advanced", head, previous: previous.head, checkRows };
  }

  /** Without Ponder's bookkeeping: the newest row of each table, and any change is a rewrite. */
  private async pollRows(): Promise<PolledChange> {
    const union = this.tables
      .map((t) => `(SELECT '${t}' AS t, block_number::text AS b, block_timestamp::text AS ts FROM "${this.schema}".${t} ORDER BY block_number DESC LIMIT 1)`)
      .join(" UNION ALL ");
    const r = await this.pool.query<{ t: string; b: string; ts: string }>(union);
    let head: SourceHead = { block: 0n, timestamp: 0 };
    for (const row of r.rows) if (BigInt(row.b) > head.block) head = { block: BigInt(row.b), timestamp: Number(row.ts) };
    const token = r.rows.map((row) => `${row.t}:${row.b}`).sort().join(",");
    const previous = this.last;
    this.last = { token, head };
    const checkRows = r.rows.length;
    if (!previous) return { kind: "rewritten", head, reason: "first look", checkRows };
    if (token === previous.token) return { kind: "unchanged", head, checkRows };
    return { kind: "rewritten", head, reason: "no ponder bookkeeping", checkRows };
  }
}

/** The JSON array the per-table lookups return (as text: PGlite and pg parse json differently). */
function parseOps(text: string | null): OpsNow {
  const [newest, sawPrevious, firstNew] = (text === null ? [null, false, null] : JSON.parse(text)) as [[string, string] | null, boolean, string | null];
  return {
    maxOp: newest ? BigInt(newest[0]) : undefined,
    maxCheckpoint: newest ? newest[1] : undefined,
    sawPrevious: sawPrevious === true,
    minNewCheckpoint: firstNew ?? undefined,
    returned: (newest ? 1 : 0) + (sawPrevious ? 1 : 0) + (firstNew ? 1 : 0),
  };
}

/** How a change check backs off while nothing changes. */
export type IdleBackoffOptions = {
  /** The caller's own poll interval: the first gap between checks. */
  pollMs: number;
  /** The longest gap between two checks at rest (a new block waits at most this long to be seen). */
  maxIdleMs: number;
  now?: () => number;
};

/**
 * A change check that, while every check says "unchanged", checks less often: the gap doubles
 * from the poll interval up to `maxIdleMs`, and any change (a new block, a reorg) resets it.
 * Polls in between answer "unchanged" at the head seen last, without a query. So a hub at rest
 * on a quiet chain wakes the indexer's database every `maxIdleMs`, and a busy chain (a block
 * every poll or two) is seen as fast as before.
 */
export function withIdleBackoff(inner: IndexerChangeSignal, options: IdleBackoffOptions): IndexerChangeSignal {
  const now = options.now ?? (() => performance.now());
  let last: SourceHead | undefined;
  let gap = 0;
  let nextCheckAt = 0;
  return {
    async poll(): Promise<PolledChange> {
      if (last && now() < nextCheckAt) return { kind: "unchanged", head: last, checkRows: 0 };
      const change = await inner.poll();
      last = change.head;
      gap = change.kind === "unchanged" ? Math.min(Math.max(gap * 2, options.pollMs), options.maxIdleMs) : 0;
      // the caller polls again after pollMs anyway: check once the gap has passed since this check
      nextCheckAt = now() + gap - options.pollMs / 2;
      return change;
    },
  };
}
