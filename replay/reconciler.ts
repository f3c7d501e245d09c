/**
 * Nothing is lost: jobs recorded in Postgres without a verdict are re-queued at start, on a
 * timer, and whenever the queue's backend reconnects (a Redis without persistence comes back
 * empty). Re-queuing is safe because jobs and verdicts are idempotent by job key.
 */
import type { ReplayQueue } from "./queue/types.js";
import type { PostgresVerdictStore } from "./verdicts/postgres-verdict-store.js";

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  requeued = 0;

  constructor(
    private readonly store: PostgresVerdictStore,
    private readonly queue: ReplayQueue,
    private readonly intervalMs: number,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Re-queues every unfinished job the queue does not hold; returns how many. */
  runOnce(): Promise<number> {
    this.running ??= (async () => {
      try {
        const unfinished = await this.store.unfinishedJobs(100_000);
        const queued = await this.queue.ensureQueued(unfinished);
        if (queued.length > 0) {
          await this.store.markRequeued(queued);
          this.log(`replay: reconciler re-queued ${queued.length} of ${unfinished.length} unfinished jobs`);
        }
        this.requeued += queued.length;
        return queued.length;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  start(): void {
    const tick = () => void this.runOnce().catch((e: unknown) => this.log(`replay: reconcile failed: ${String(e)}`));
    this.queue.onReconnect(tick);
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }
}
