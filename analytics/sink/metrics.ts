/** The sink's Prometheus metrics (prom-client), registered once per registry: the hub's (core/metrics) by default. */
import { Counter, Gauge, type Registry } from "prom-client";
import { hubRegistry } from "../../core/metrics/registry.js";

export type SinkMetrics = { lagBlocks: Gauge; lagSeconds: Gauge; syncedBlock: Gauge; factsWritten: Counter; rounds: Counter };

const byRegistry = new WeakMap<Registry, SinkMetrics>();

export function sinkMetrics(registry: Registry = hubRegistry): SinkMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const metrics: SinkMetrics = {
    lagBlocks: new Gauge({ name: "analytics_sink_lag_blocks", help: "Indexed head block minus the block the ClickHouse facts are synced to", registers: [registry] }),
    lagSeconds: new Gauge({ name: "analytics_sink_lag_seconds", help: "Block time of the indexed head minus block time of the synced block", registers: [registry] }),
    syncedBlock: new Gauge({ name: "analytics_sink_synced_block", help: "Block the ClickHouse facts are synced to", registers: [registry] }),
    factsWritten: new Counter({ name: "analytics_sink_facts_written_total", help: "Fact rows written (inserts, rewrites and tombstones)", labelNames: ["fact", "kind"], registers: [registry] }),
    rounds: new Counter({ name: "analytics_sink_rounds_total", help: "Completed sink rounds", registers: [registry] }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
