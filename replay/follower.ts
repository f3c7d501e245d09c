/**
 * Jobs for new claims as they are indexed (all, or the configured sample). Each poll first
 * asks the source whether anything changed (one small query); at rest it reads nothing more.
 * When the head moved it reads only the claims whose attribution was recorded in the new
 * blocks: a claim is complete in its AttributionRecorded's block, which may come after its
 * inference's block, so an inference seen before its attribution is picked up exactly then,
 * once. After a start, a reorg or a failed poll it re-reads `rereadBlocks` below where it was
 * (by attribution block): what a reorg replaced, or what a crash left, is queued; enqueueing
 * what is already known is a no-op.
 */
import { ActivityRecorder, type ActivitySnapshot } from "../core/activity.js";
import type { IndexerChangeSignal, PolledChange } from "../analytics/sink/indexer-change-watch.js";
import type { Claim, ClaimSource } from "./claims/types.js";
import type { ReplayRuntime } from "./runtime.js";

export const FOLLOWER_REQUESTER = "indexer";
/** Deeper than Ponder's 30-block devnet finality, like the analytics sink's window. */
export const FOLLOW_REREAD_BLOCKS = 64n;

export type ClaimFollowerOptions = {
  /** Between polls (each poll is one small query when nothing changed). Default 1000. */
  pollMs?: number;
  /** Blocks re-read after a start, a reorg or a failure. Default FOLLOW_REREAD_BLOCKS. */
  rereadBlocks?: bigint;
  /** The change check; default the source's own (`changeWatch()`), else its head. */
  changes?: IndexerChangeSignal;
  log?: (m: string) => void;
};

/** For a source without a change watch (the chain): its head moving is the only signal. */
class HeadOnlySignal implements IndexerChangeSignal {
  private last: bigint | undefined;
  constructor(private readonly source: ClaimSource) {}
  async poll(): Promise<PolledChange> {
    const block = await this.source.head();
    const head = { block, timestamp: 0 };
    const previous = this.last;
    this.last = block;
    if (previous === undefined) return { kind: "rewritten", head, reason: "first look", checkRows: 1 };
    if (block < previous) return { kind: "rewritten", head, reason: "head moved back", checkRows: 1 };
    if (block === previous) return { kind: "unchanged", head, checkRows: 1 };
    return { kind: "advanced", head, previous: { block: previous, timestamp: 0 }, checkRows: 1 };
  }
}

export class ClaimFollower {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The first attribution block not read yet. */
  private next: bigint | undefined;
  private mustReread = true;
  private readonly pollMs: number;
  private readonly rereadBlocks: bigint;
  private readonly changes: IndexerChangeSignal;
  private readonly log: (m: string) => void;
  private readonly activity = new ActivityRecorder();

  constructor(
    private readonly runtime: Pick<ReplayRuntime, "store" | "enqueue">,
    private readonly source: ClaimSource,
    options: ClaimFollowerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.rereadBlocks = options.rereadBlocks ?? FOLLOW_REREAD_BLOCKS;
    this.changes = options.changes ?? source.changeWatch?.() ?? new HeadOnlySignal(source);
    this.log = options.log ?? (() => {});
  }

  /** What following has cost: polls, reads, rows read, the current mode (for /hub/status). */
  activitySnapshot(): ActivitySnapshot {
    return this.activity.snapshot();
  }

  /** One poll: enqueues the claims completed since the last one; returns how many jobs were new. */
  async pollOnce(): Promise<number> {
    const change = await this.changes.poll();
    this.activity.polled(change.checkRows);
    const reread = this.mustReread || change.kind === "rewritten";
    if (!reread && change.kind === "unchanged") {
      this.activity.idle();
      return 0;
    }
    const firstLook = change.kind === "rewritten" && change.reason === "first look";
    this.activity.working(reread && !firstLook ? "resync after reorg" : "catching up");
    const started = performance.now();
    try {
      this.next ??= ((await this.runtime.store.lastEnqueuedBlock(FOLLOWER_REQUESTER)) ?? -1n) + 1n;
      const head = change.head.block;
      let from = this.next;
      if (reread) from = this.next > this.rereadBlocks ? this.next - this.rereadBlocks : 0n;
      else if (change.kind === "advanced" && change.previous.block + 1n < from) from = change.previous.block + 1n;
      let rowsRead = 0;
      const counted = async function* (claims: AsyncIterable<Claim>) {
        for await (const claim of claims) {
          rowsRead++;
          yield claim;
        }
      };
      const result = from > head ? { added: 0, sampled: 0, considered: 0 } : await this.runtime.enqueue(counted(this.source.claims({ attributedFromBlock: from, attributedToBlock: head })), FOLLOWER_REQUESTER);
      if (head + 1n > this.next) this.next = head + 1n;
      this.mustReread = false;
      this.activity.worked({ kind: reread ? "resync" : "incremental", fromBlock: from, toBlock: head, rowsRead }, started);
      this.activity.idle();
      if (result.added > 0) this.log(`replay: ${result.added} new inferences queued (blocks to ${head}, ${result.sampled}/${result.considered} sampled)`);
      return result.added;
    } catch (error) {
      this.mustReread = true;
      throw error;
    }
  }

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      await this.pollOnce().catch((e: unknown) => this.log(`replay: follow failed, retrying: ${String(e)}`));
      if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
