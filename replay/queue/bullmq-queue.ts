/**
 * The replay queue on BullMQ: job id = job key (idempotent adds), exponential backoff, stalled
 * jobs of a killed worker handed to the next one. Redis here may run without persistence, so
 * a restart can empty it: `onReconnect` tells the reconciler, which re-derives unfinished jobs
 * from Postgres and `ensureQueued`s them.
 */
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { isRetryable } from "../../core/errors.js";
import { componentLogger } from "../../core/logger.js";
import { errorListener } from "../../core/metrics/index.js";
import { deserializeClaim, serializeClaim, type SerializedClaim } from "../claims/claim-key.js";
import type { ReplayJob } from "./types.js";
import type { JobHandler, ProcessOptions, QueueCounts, QueueRetryOptions, ReplayQueue } from "./types.js";

export const REPLAY_QUEUE_NAME = "replay";

const log = componentLogger("replay-queue");

export type BullmqQueueOptions = QueueRetryOptions & {
  redisUrl: string;
  prefix: string;
  /** How long a worker's lock on a job lasts; a killed worker's jobs come back after it. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
};

type JobData = { claim: SerializedClaim };

export class BullmqQueue implements ReplayQueue {
  readonly kind = "bullmq" as const;
  private readonly connection: Redis;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;
  private workerConnection: Redis | undefined;
  private readonly reconnectListeners: (() => void)[] = [];
  private readies = 0;

  constructor(private readonly o: BullmqQueueOptions) {
    this.connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2000) });
    // ioredis reconnects by itself; each error is still logged and counted.
    this.connection.on("error", errorListener(log, "redis connection"));
    this.connection.on("ready", () => {
      if (++this.readies > 1) for (const l of this.reconnectListeners) l();
    });
    this.queue = new Queue<JobData>(REPLAY_QUEUE_NAME, { connection: this.connection, prefix: o.prefix });
    this.queue.on("error", errorListener(log, "bullmq queue"));
  }

  private jobOptions(jobKey: string) {
    return {
      jobId: jobKey,
      attempts: this.o.attempts,
      backoff: { type: "exponential" as const, delay: this.o.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: false,
    };
  }

  async add(jobs: readonly ReplayJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 500) {
      await this.queue.addBulk(jobs.slice(i, i + 500).map((j) => ({ name: "verify", data: { claim: serializeClaim(j.claim) }, opts: this.jobOptions(j.jobKey) })));
    }
  }

  async ensureQueued(jobs: readonly ReplayJob[]): Promise<string[]> {
    const missing: ReplayJob[] = [];
    for (const j of jobs) {
      const state = await this.queue.getJobState(j.jobKey);
      if (state === "unknown") missing.push(j);
      else if (state === "failed" || state === "completed") {
        // Completed without a verdict (Redis kept the job, the verdict write was lost) or
        // failed after every attempt: run it again.
        await this.queue.remove(j.jobKey).catch(() => 0);
        missing.push(j);
      }
    }
    await this.add(missing);
    return missing.map((j) => j.jobKey);
  }

  process(handler: JobHandler, options: ProcessOptions): void {
    const workerConnection = this.connection.duplicate();
    workerConnection.on("error", errorListener(log, "redis worker connection"));
    this.workerConnection = workerConnection;
    this.worker = new Worker<JobData>(
      REPLAY_QUEUE_NAME,
      async (job: Job<JobData>) => {
        try {
          await handler({ jobKey: job.id!, claim: deserializeClaim(job.data.claim) }, job.attemptsMade + 1);
        } catch (error) {
          // A permanent error (by its type) is not retried: BullMQ fails the job at once.
          if (!isRetryable(error)) throw new UnrecoverableError(error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error));
          throw error;
        }
      },
      {
        connection: workerConnection,
        prefix: this.o.prefix,
        concurrency: options.concurrency,
        lockDuration: this.o.lockDurationMs ?? 30_000,
        stalledInterval: this.o.stalledIntervalMs ?? Math.min(this.o.lockDurationMs ?? 30_000, 30_000),
        maxStalledCount: 100,
        ...(options.ratePerSecond ? { limiter: { max: options.ratePerSecond, duration: 1000 } } : {}),
      },
    );
    this.worker.on("error", errorListener(log, "bullmq worker"));
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized");
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Deletes every key of this queue (tests and resets). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    // BullMQ leaves connections it was given open: close ours after it is done with them.
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
