/**
 * The embedded queue: jobs in memory, handled with bounded concurrency, retried with
 * exponential backoff. Memory dies with the process: what was unfinished is re-derived from
 * Postgres at the next start (the reconciler), so nothing is lost.
 */
import { isRetryable } from "../../core/errors.js";
import type { ReplayJob } from "./types.js";
import type { JobHandler, ProcessOptions, QueueCounts, QueueRetryOptions, ReplayQueue } from "./types.js";

type State = "waiting" | "active" | "delayed" | "completed" | "failed";
type Entry = { job: ReplayJob; attempt: number; state: State };

export class InProcessQueue implements ReplayQueue {
  readonly kind = "in-process" as const;
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler: JobHandler | undefined;
  private concurrency = 1;
  private ratePerSecond = 0;
  private startedAt: number[] = [];
  private rateTimer: NodeJS.Timeout | undefined;
  private active = 0;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(private readonly retry: QueueRetryOptions) {}

  async add(jobs: readonly ReplayJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.entries.has(job.jobKey)) continue;
      this.enqueue({ job, attempt: 0, state: "waiting" });
    }
    this.pump();
  }

  async ensureQueued(jobs: readonly ReplayJob[]): Promise<string[]> {
    const queued: string[] = [];
    for (const job of jobs) {
      const entry = this.entries.get(job.jobKey);
      if (entry && entry.state !== "failed" && entry.state !== "completed") continue;
      this.enqueue({ job, attempt: 0, state: "waiting" });
      queued.push(job.jobKey);
    }
    this.pump();
    return queued;
  }

  private enqueue(entry: Entry): void {
    this.entries.set(entry.job.jobKey, entry);
    this.waiting.push(entry);
  }

  process(handler: JobHandler, options: ProcessOptions): void {
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    this.ratePerSecond = options.ratePerSecond ?? 0;
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.closed && this.active < this.concurrency && this.waiting.length > 0) {
      if (this.ratePerSecond > 0) {
        const now = Date.now();
        this.startedAt = this.startedAt.filter((t) => t > now - 1000);
        if (this.startedAt.length >= this.ratePerSecond) {
          this.rateTimer ??= setTimeout(() => {
            this.rateTimer = undefined;
            this.pump();
          }, this.startedAt[0]! + 1000 - now);
          break;
        }
        this.startedAt.push(now);
      }
      const entry = this.waiting.shift()!;
      entry.state = "active";
      entry.attempt++;
      this.active++;
      void this.handler(entry.job, entry.attempt).then(
        () => this.finish(entry, undefined),
        (error: unknown) => this.finish(entry, error),
      );
    }
    if (this.active === 0 && (this.waiting.length === 0 || this.closed)) {
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private finish(entry: Entry, error: unknown): void {
    this.active--;
    if (error === undefined) entry.state = "completed";
    // A permanent error (by its type) fails the job at once, like BullMQ's UnrecoverableError.
    else if (entry.attempt >= this.retry.attempts || this.closed || !isRetryable(error)) entry.state = "failed";
    else {
      entry.state = "delayed";
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        entry.state = "waiting";
        this.waiting.push(entry);
        this.pump();
      }, this.retry.backoffMs * 2 ** (entry.attempt - 1));
      this.timers.add(timer);
    }
    this.pump();
  }

  async counts(): Promise<QueueCounts> {
    const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    for (const e of this.entries.values()) c[e.state]++;
    return c;
  }

  onReconnect(): void {
    // Memory never reconnects: nothing to do.
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.timers.clear();
    if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
