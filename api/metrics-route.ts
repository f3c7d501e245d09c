/**
 * GET /hub/metrics: one scrape for the whole Ponder process: Ponder's own series (its /metrics,
 * read from this same server) followed by the hub's registry.
 */
import type { Context } from "hono";
import type { Registry } from "prom-client";

export function metricsRoute(registry: Registry | undefined) {
  return async (c: Context) => {
    let ponder = "";
    try {
      const res = await fetch(new URL("/metrics", c.req.url));
      if (res.ok) ponder = await res.text();
    } catch {
      // Ponder's endpoint is on this very server; a failure leaves only the hub's series
    }
    const hub = registry ? await registry.metrics() : "";
    return c.body(`${ponder.trimEnd()}\n${hub}`, 200, { "content-type": registry?.contentType ?? "text/plain; version=0.0.4" });
  };
}
