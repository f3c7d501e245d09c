/**
 * The replay queue: one interface, two implementations (BullMQ on Redis, in-process), so the
 * worker does not know which it runs on. Jobs are keyed by what they verify (the job key:
 * inference id + claim hash), so adding the same job twice queues it once.
 */
import type { Claim } from "../claims/types.js";

/** One verification to run: the claim, keyed by what it verifies (claims/claim-key.ts). */
export type ReplayJob = { jobKey: string; claim: Claim };

export type QueueCounts = { waiting: number; active: number; delayed: number; completed: number; failed: number };

export type ProcessOptions = {
  /** Jobs handled at once: at least the batch size, so batches can fill. */
  concurrency: number;
  /** At most this many jobs started per second (0 or absent: unlimited). */
  ratePerSecond?: number;
};

/** Throw to fail the attempt; the queue retries with exponential backoff up to its attempts. */
export type JobHandler = (job: ReplayJob, attempt: number) => Promise<void>;

export interface ReplayQueue {
  readonly kind: "bullmq" | "in-process";
  /** Adds jobs; a key the queue already holds (in any state) is not added again. */
  add(jobs: readonly ReplayJob[]): Promise<void>;
  /**
   * Makes sure each job will run: re-adds jobs the queue lost (Redis restarted without
   * persistence) and retries failed ones; leaves waiting, active and delayed jobs alone.
   * Returns the keys that were (re)queued.
   */
  ensureQueued(jobs: readonly ReplayJob[]): Promise<string[]>;
  process(handler: JobHandler, options: ProcessOptions): void;
  counts(): Promise<QueueCounts>;
  /** Called when the backend came back after losing its connection (it may have lost state). */
  onReconnect(listener: () => void): void;
  /** Stops taking jobs, waits for active ones, and closes connections. */
  close(): Promise<void>;
}

export type QueueRetryOptions = { attempts: number; backoffMs: number };
