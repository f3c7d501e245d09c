/**
 * The analytics sink: follows the indexer's Postgres tables into the ClickHouse facts, exact
 * through reorgs, restarts and crashes. Each round re-syncs from `reorgWindowBlocks` below the
 * persisted checkpoint up to the indexed head, one chunk of blocks at a time: per fact, the
 * canonical rows are compared with the newest stored versions (diff.ts), differences are
 * written with a version above everything stored, the rollups of the chunk's time span are
 * rebuilt, and only then the checkpoint moves. A crash anywhere in a chunk leaves the
 * checkpoint behind it, so the next run redoes the chunk, and redoing it is idempotent.
 * One sink per ClickHouse database.
 *
 * Following (start/pollOnce) costs nothing at rest: each poll first asks the indexer whether
 * anything changed (indexer-change-watch.ts, one small query), reads nothing more when not, and
 * when the head moved reads only the new blocks. The full re-sync of the window runs after a
 * start, after a reorg and after a failed round: the exactness guarantee, not the steady state.
 */
import type { Registry } from "prom-client";
import { ActivityRecorder, type ActivitySnapshot } from "../../core/activity.js";
import type { AnalyticsStore } from "../store/store.js";
import { firstFreeVersion, readCheckpoint, writeCheckpoint, type Checkpoint } from "./checkpoint.js";
import { diffFacts, type StoredFact } from "./diff.js";
import { FACTS, FACT_NAMES, toFactRow, type FactName, type FactRow } from "./facts.js";
import type { IndexerChangeSignal } from "./indexer-change-watch.js";
import { sinkMetrics, type SinkMetrics } from "./metrics.js";
import type { PostgresFactSource, SourceHead } from "./postgres-source.js";
import { rebuildRollups } from "./rollups.js";

export type SinkOptions = {
  store: AnalyticsStore;
  source: Pick<PostgresFactSource, "head" | "rows" | "inSnapshot" | "changeWatch">;
  /** Names the checkpoint (one per followed source). */
  name?: string;
  /** Blocks below the checkpoint re-compared every round; deeper than any reorg the indexer follows (Ponder: 30 on a devnet). */
  reorgWindowBlocks?: bigint;
  chunkBlocks?: bigint;
  /** The change check pollOnce() makes first; default: the source's own watch. */
  changes?: IndexerChangeSignal;
  registry?: Registry;
  /** Called after each chunk; tests use it to crash at a chosen point. */
  onChunk?: (chunk: { from: bigint; to: bigint; written: number }) => void | Promise<void>;
};

export type SinkLag = { headBlock: bigint; syncedBlock: bigint; blocks: bigint; seconds: number; checkedAt: Date | undefined };
/** A round: the blocks it compared, what it wrote, and `rowsRead` source rows (Postgres) it read. */
export type RoundReport = { from: bigint; to: bigint; inserted: number; tombstoned: number; unchanged: number; chunks: number; rowsRead: number };

/** While blocks keep coming, the window is re-synced at most this often (amortised: a few rows per row added). */
const SETTLE_RESYNC_MS = 30_000;

export class AnalyticsSink {
  private readonly store: AnalyticsStore;
  private readonly source: SinkOptions["source"];
  private readonly name: string;
  private readonly window: bigint;
  private readonly chunkBlocks: bigint;
  private readonly metrics: SinkMetrics;
  private readonly onChunk: SinkOptions["onChunk"];
  private readonly changes: IndexerChangeSignal;
  private readonly activity = new ActivityRecorder();
  /** The next poll re-syncs the whole window: at start, and after a failed round. */
  private mustResync = true;
  /**
   * The head moved since the last full re-sync: once it stops moving (or SETTLE_RESYNC_MS after
   * the last one while blocks keep coming) the window is re-synced once more. Rows Ponder commits
   * late for a block already read (a restart's re-indexing after a crash was seen to leave one)
   * are caught there, and at rest nothing is read.
   */
  private movedSinceResync = false;
  private lastResyncAt = 0;
  private nextVersion: bigint | undefined;
  private running: Promise<RoundReport | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: SinkLag = { headBlock: 0n, syncedBlock: 0n, blocks: 0n, seconds: 0, checkedAt: undefined };

  constructor(options: SinkOptions) {
    this.store = options.store;
    this.source = options.source;
    this.name = options.name ?? "postgres";
    this.window = options.reorgWindowBlocks ?? 64n;
    this.chunkBlocks = options.chunkBlocks ?? 2000n;
    this.metrics = sinkMetrics(options.registry);
    this.onChunk = options.onChunk;
    this.changes = options.changes ?? options.source.changeWatch();
  }

  /** What following has cost: polls, rounds, rows read, the current mode (for /hub/status). */
  activitySnapshot(): ActivitySnapshot {
    return this.activity.snapshot();
  }

  /** How far ClickHouse trails the indexed head, as of the last round (what the API reports). */
  lag(): SinkLag {
    return { ...this.last };
  }

  /** One full round (the window re-sync) up to the current indexed head; rounds never overlap. Network and disk. */
  async syncOnce(): Promise<RoundReport> {
    while (this.running) await this.running.catch(() => undefined);
    const round = this.round(undefined);
    this.running = round.finally(() => (this.running = undefined));
    return round;
  }

  /**
   * One follow step: the change check, then nothing (unchanged), the new blocks (head moved),
   * or the window re-sync (start, reorg, earlier failure). Undefined when it read nothing.
   */
  pollOnce(): Promise<RoundReport | undefined> {
    if (!this.running) this.running = this.poll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async poll(): Promise<RoundReport | undefined> {
    const change = await this.changes.poll();
    this.activity.polled(change.checkRows);
    const settled = this.movedSinceResync && (change.kind === "unchanged" || Date.now() - this.lastResyncAt > SETTLE_RESYNC_MS);
    const resync = this.mustResync || change.kind === "rewritten" || settled;
    if (!resync && change.kind === "unchanged") {
      this.activity.idle();
      this.last = { ...this.last, checkedAt: new Date() };
      return undefined;
    }
    const firstLook = change.kind === "rewritten" && change.reason === "first look";
    this.activity.working(resync && !firstLook ? "resync after reorg" : "catching up");
    const started = performance.now();
    try {
      const report = await this.round(resync || change.kind !== "advanced" ? undefined : change.previous.block + 1n);
      this.mustResync = false;
      if (resync) {
        this.movedSinceResync = false;
        this.lastResyncAt = Date.now();
      } else this.movedSinceResync = true;
      this.activity.worked({ kind: resync ? "resync" : "incremental", fromBlock: report.from, toBlock: report.to, rowsRead: report.rowsRead }, started);
      this.activity.idle();
      return report;
    } catch (error) {
      this.mustResync = true;
      throw error;
    }
  }

  /** Follows the source, polling every `intervalMs` until stop(). Errors are reported to `onError`; the next poll re-syncs. */
  start(intervalMs = 1000, onError: (error: unknown) => void = () => {}): void {
    const tick = async () => {
      try {
        await this.pollOnce();
      } catch (error) {
        onError(error);
      }
      if (this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** `newFrom` undefined: the window re-sync; otherwise only blocks from `newFrom` (or the checkpoint, if lower) to the head. */
  private round(newFrom: bigint | undefined): Promise<RoundReport> {
    return this.source.inSnapshot((source) => this.roundIn(source, newFrom));
  }

  private async roundIn(source: Pick<PostgresFactSource, "head" | "rows">, newFrom: bigint | undefined): Promise<RoundReport> {
    const checkpoint = await readCheckpoint(this.store, this.name);
    this.nextVersion ??= await firstFreeVersion(this.store, checkpoint);
    let nextVersion: bigint = this.nextVersion;
    const head = await source.head();
    const afterCheckpoint = checkpoint ? checkpoint.syncedBlock + 1n : 0n;
    let from: bigint;
    let to = head.block;
    if (newFrom === undefined) {
      from = checkpoint ? (checkpoint.syncedBlock >= this.window ? checkpoint.syncedBlock - this.window + 1n : 0n) : 0n;
      // The window also covers whatever ClickHouse or the last checkpoint hold above the head (a reorg to a shorter branch).
      const storedTop = await this.maxStoredBlock();
      if (checkpoint && checkpoint.headBlock > to) to = checkpoint.headBlock;
      if (storedTop > to) to = storedTop;
    } else {
      from = newFrom < afterCheckpoint ? newFrom : afterCheckpoint;
    }
    const report: RoundReport = { from, to, inserted: 0, tombstoned: 0, unchanged: 0, chunks: 0, rowsRead: 0 };
    let synced: Checkpoint = checkpoint ?? { syncedBlock: 0n, syncedTimestamp: 0, headBlock: 0n, headTimestamp: 0, nextVersion };
    for (let a = from; a <= to; a += this.chunkBlocks) {
      const b = a + this.chunkBlocks - 1n < to ? a + this.chunkBlocks - 1n : to;
      const version: bigint = nextVersion;
      const chunk = await this.syncChunk(source, a, b, version);
      report.inserted += chunk.inserted;
      report.tombstoned += chunk.tombstoned;
      report.unchanged += chunk.unchanged;
      report.rowsRead += chunk.rowsRead;
      report.chunks++;
      nextVersion = version + 1n;
      this.nextVersion = nextVersion;
      const syncedBlock = b < head.block ? b : head.block;
      synced = {
        syncedBlock,
        syncedTimestamp: chunk.maxCanonicalTs || synced.syncedTimestamp,
        headBlock: head.block,
        headTimestamp: head.timestamp,
        nextVersion,
      };
      await writeCheckpoint(this.store, this.name, synced);
      await this.onChunk?.({ from: a, to: b, written: chunk.inserted + chunk.tombstoned });
    }
    this.observe(head, synced);
    this.metrics.rounds.inc();
    return report;
  }

  private observe(head: SourceHead, synced: Checkpoint) {
    const blocks = head.block > synced.syncedBlock ? head.block - synced.syncedBlock : 0n;
    const seconds = blocks === 0n ? 0 : Math.max(0, head.timestamp - synced.syncedTimestamp);
    this.last = { headBlock: head.block, syncedBlock: synced.syncedBlock, blocks, seconds, checkedAt: new Date() };
    this.metrics.lagBlocks.set(Number(blocks));
    this.metrics.lagSeconds.set(seconds);
    this.metrics.syncedBlock.set(Number(synced.syncedBlock));
  }

  private async maxStoredBlock(): Promise<bigint> {
    const union = FACT_NAMES.map((f) => `SELECT max(block_number) AS b FROM ${FACTS[f].table}`).join(" UNION ALL ");
    const rows = await this.store.query<{ b: string | number }>(`SELECT max(b) AS b FROM (${union})`);
    return BigInt(rows[0]?.b ?? 0);
  }

  private async syncChunk(source: Pick<PostgresFactSource, "rows">, from: bigint, to: bigint, version: bigint) {
    let inserted = 0;
    let tombstoned = 0;
    let unchanged = 0;
    let minTs = Number.POSITIVE_INFINITY;
    let maxTs = 0;
    let maxCanonicalTs = 0;
    let rowsRead = 0;
    for (const fact of FACT_NAMES) {
      const canonical: FactRow[] = (await source.rows(fact, from, to)).map((row) => toFactRow(fact, row));
      rowsRead += canonical.length;
      const stored = await this.storedFacts(fact, from, to);
      const diff = diffFacts(canonical, stored);
      for (const r of canonical) {
        if (r.block_timestamp < minTs) minTs = r.block_timestamp;
        if (r.block_timestamp > maxTs) maxTs = r.block_timestamp;
        if (r.block_timestamp > maxCanonicalTs) maxCanonicalTs = r.block_timestamp;
      }
      for (const s of stored) {
        const ts = Number(s.ts);
        if (ts < minTs) minTs = ts;
        if (ts > maxTs) maxTs = ts;
      }
      await this.write(fact, diff.upserts, diff.tombstones, version);
      inserted += diff.upserts.length;
      tombstoned += diff.tombstones.length;
      unchanged += diff.unchanged;
    }
    if (maxTs > 0) await rebuildRollups(this.store, { from: minTs, to: maxTs }, version);
    return { inserted, tombstoned, unchanged, maxCanonicalTs, rowsRead };
  }

  /** The newest version of every fact stored with a block in [from, to] (FINAL semantics via argMax). */
  private storedFacts(fact: FactName, from: bigint, to: bigint): Promise<StoredFact[]> {
    return this.store.query<StoredFact>(
      `SELECT id, block_number, toUnixTimestamp(block_timestamp) AS ts, argMax(chain_id, version) AS chain_id, argMax(transaction_hash, version) AS transaction_hash,
              argMax(log_index, version) AS log_index, argMax(fingerprint, version) AS fp, argMax(deleted, version) AS del
       FROM ${FACTS[fact].table} WHERE block_number >= {from:UInt64} AND block_number <= {to:UInt64}
       GROUP BY id, block_number, block_timestamp`,
      { from, to },
    );
  }

  private async write(fact: FactName, upserts: FactRow[], tombstones: StoredFact[], version: bigint) {
    const table = FACTS[fact].table;
    const rows = [
      ...upserts.map((r) => ({ ...r, version, deleted: 0 })),
      ...tombstones.map((s) => ({
        id: s.id,
        chain_id: Number(s.chain_id),
        block_number: BigInt(s.block_number),
        block_timestamp: Number(s.ts),
        transaction_hash: s.transaction_hash,
        log_index: Number(s.log_index),
        fingerprint: BigInt(s.fp),
        version,
        deleted: 1,
      })),
    ];
    for (let i = 0; i < rows.length; i += 50_000) await this.store.insert(table, rows.slice(i, i + 50_000));
    if (upserts.length) this.metrics.factsWritten.inc({ fact, kind: "upsert" }, upserts.length);
    if (tombstones.length) this.metrics.factsWritten.inc({ fact, kind: "tombstone" }, tombstones.length);
  }
}
