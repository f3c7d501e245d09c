/**
 * The replay worker: takes jobs from the queue (whichever it is), gathers them into batches
 * (the model runs a batch per run and adapter), verifies, and records each verdict once
 * (Postgres upsert by job key, then ClickHouse facts, then optionally a challenge on chain).
 * A job only completes after its verdict is stored, so a killed worker loses nothing.
 */
import type { ReplayQueue } from "./queue/types.js";
import type { PostgresVerdictStore } from "./verdicts/postgres-verdict-store.js";
import type { VerdictFactSink } from "./verdicts/verdict-facts.js";
import type { Verdict, VerdictKind } from "./verdicts/types.js";
import { replayMetrics } from "./metrics.js";
import type { ReplayJob } from "./queue/types.js";
import type { Verifier } from "./verify/verifier.js";

export type VerdictListener = (verdicts: readonly Verdict[]) => Promise<void>;

export type ReplayWorkerOptions = {
  queue: ReplayQueue;
  verifier: Verifier;
  store: PostgresVerdictStore;
  facts?: VerdictFactSink;
  /** Called with verdicts newly stored (e.g. the on-chain challenger). */
  onVerdicts?: VerdictListener;
  batchSize: number;
  ratePerSecond?: number;
  /** How long a partial batch waits for more jobs before it runs. */
  maxWaitMs?: number;
  log?: (message: string) => void;
};

type Pending = { job: ReplayJob; resolve: () => void; reject: (error: Error) => void };

export class ReplayWorker {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  readonly stats = { batches: 0, verdicts: 0, duplicates: 0, transientErrors: 0, byVerdict: {} as Partial<Record<VerdictKind, number>> };

  constructor(private readonly o: ReplayWorkerOptions) {}

  start(): void {
    // Twice the batch size in flight, so the next batch fills while one runs.
    this.o.queue.process((job) => this.handle(job), { concurrency: this.o.batchSize * 2, ratePerSecond: this.o.ratePerSecond });
  }

  private handle(job: ReplayJob): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length >= this.o.batchSize) this.scheduleFlush(0);
      else this.scheduleFlush(this.o.maxWaitMs ?? 10);
    });
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flushAll());
    }, delayMs);
  }

  private async flushAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.o.batchSize);
      await this.runBatch(batch);
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.o.verifier.verifyBatch(batch.map((p) => p.job));
      const verdicts: Verdict[] = [];
      for (const o of outcomes) if ("verdict" in o) verdicts.push(o.verdict);
      const written = await this.o.store.saveVerdicts(verdicts);
      const fresh = verdicts.filter((v) => written.has(v.jobKey));
      if (this.o.facts) await this.o.facts.insert(fresh);
      if (this.o.onVerdicts && fresh.length > 0) await this.o.onVerdicts(fresh).catch((e: unknown) => this.o.log?.(`replay: verdict listener failed: ${String(e)}`));
      this.stats.batches++;
      this.stats.verdicts += fresh.length;
      this.stats.duplicates += verdicts.length - fresh.length;
      for (const v of fresh) {
        this.stats.byVerdict[v.verdict] = (this.stats.byVerdict[v.verdict] ?? 0) + 1;
        replayMetrics().verdicts.inc({ verdict: v.verdict });
      }
      batch.forEach((p, i) => {
        const o = outcomes[i]!;
        if ("verdict" in o) p.resolve();
        else {
          this.stats.transientErrors++;
          p.reject(o.error);
        }
      });
    } catch (error) {
      // A store was unreachable: every job of the batch is retried by the queue.
      const e = error instanceof Error ? error : new Error(String(error));
      this.o.log?.(`replay: batch of ${batch.length} failed, will retry: ${e.message}`);
      for (const p of batch) p.reject(e);
    }
  }

  /** Runs whatever is pending now (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.flushAll());
    await this.flushing;
  }
}
