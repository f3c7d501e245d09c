/**
 * Jobs for new inferences as they are indexed: polls the claim source's head and enqueues the
 * claims of new blocks (all, or the configured sample). It resumes from the last block it
 * enqueued (kept in Postgres), re-reading the blocks just below it, which is safe: enqueueing
 * is idempotent.
 */
import type { ClaimSource } from "./claims/types.js";
import type { ReplayRuntime } from "./runtime.js";

export const FOLLOWER_REQUESTER = "indexer";
/** Deeper than Ponder's 30-block devnet finality, like the analytics sink's window. */
export const FOLLOW_REREAD_BLOCKS = 64n;

export class ClaimFollower {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private next: bigint | undefined;

  constructor(
    private readonly runtime: ReplayRuntime,
    private readonly source: ClaimSource,
    private readonly pollMs: number,
    private readonly log: (m: string) => void = () => {},
  ) {}

  /** Enqueues claims up to the source's head; returns how many jobs were new. */
  async pollOnce(): Promise<number> {
    this.next ??= (await this.runtime.store.lastEnqueuedBlock(FOLLOWER_REQUESTER)) ?? 0n;
    const head = await this.source.head();
    if (head < this.next) return 0;
    // Re-read a window below where we were: an inference whose attribution was indexed after our
    // last read (or that a reorg replaced) is picked up; enqueueing what is known is a no-op.
    const from = this.next > FOLLOW_REREAD_BLOCKS ? this.next - FOLLOW_REREAD_BLOCKS : 0n;
    const result = await this.runtime.enqueue(this.source.claims({ fromBlock: from, toBlock: head }), FOLLOWER_REQUESTER);
    this.next = head + 1n;
    if (result.added > 0) this.log(`replay: ${result.added} new inferences queued (blocks to ${head}, ${result.sampled}/${result.considered} sampled)`);
    return result.added;
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
