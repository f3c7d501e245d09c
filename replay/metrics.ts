/**
 * The replay worker's Prometheus series on the hub's registry: verdicts written by kind, and the
 * queue's depth by state (read from the queue when scraped).
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { hubRegistry } from "../core/metrics/registry.js";
import type { ReplayQueue } from "./queue/types.js";

/** watchQueue returns the function that stops watching (when the queue closes). */
export type ReplayMetrics = { verdicts: Counter<"verdict">; watchQueue(queue: ReplayQueue): () => void };

const byRegistry = new WeakMap<Registry, ReplayMetrics>();

export function replayMetrics(registry: Registry = hubRegistry): ReplayMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const queues = new Set<ReplayQueue>();
  const verdicts = new Counter({ name: "replay_verdicts_total", help: "Verdicts written by this process, by kind", labelNames: ["verdict"], registers: [registry] });
  new Gauge({
    name: "replay_queue_jobs",
    help: "Replay jobs in the queue by state (waiting, active, delayed, completed, failed)",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        const counts = await queue.counts().catch(() => undefined);
        if (!counts) continue;
        for (const [state, n] of Object.entries(counts)) this.inc({ state }, n);
      }
    },
  });
  const metrics: ReplayMetrics = {
    verdicts,
    watchQueue: (queue) => {
      queues.add(queue);
      return () => void queues.delete(queue);
    },
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
