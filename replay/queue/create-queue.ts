/** BullMQ when REDIS_URL is set, the in-process queue otherwise: the only place that decides. */
import type { ReplayConfig } from "../config.js";
import { BullmqQueue } from "./bullmq-queue.js";
import { InProcessQueue } from "./in-process-queue.js";
import type { ReplayQueue } from "./types.js";

export function createReplayQueue(
  config: Pick<ReplayConfig, "redisUrl" | "queuePrefix" | "attempts" | "backoffMs">,
  tuning: { lockDurationMs?: number; stalledIntervalMs?: number } = {},
): ReplayQueue {
  if (config.redisUrl) {
    return new BullmqQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, attempts: config.attempts, backoffMs: config.backoffMs, ...tuning });
  }
  return new InProcessQueue({ attempts: config.attempts, backoffMs: config.backoffMs });
}
