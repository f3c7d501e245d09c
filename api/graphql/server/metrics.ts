/**
 * Request latency by operation and errors by code, on the registry the hub's /metrics serves.
 * Operation names come from clients: they are trimmed to a safe label and, past a number of
 * distinct names, counted as "other", so a client cannot grow the registry without bound.
 */
import { getOperationAST } from "graphql";
import { Counter, Histogram, type Registry } from "prom-client";
import type { Plugin } from "graphql-yoga";

const MAX_OPERATION_LABELS = 200;

export class ApiMetrics {
  private readonly latency: Histogram<"endpoint" | "operation">;
  private readonly errors: Counter<"endpoint" | "code">;
  private readonly operationNames = new Set<string>();

  constructor(registry: Registry, prefix = "hub_graphql") {
    this.latency = new Histogram({
      name: `${prefix}_request_duration_seconds`,
      help: "GraphQL request latency, parse to response, by endpoint and operation name",
      labelNames: ["endpoint", "operation"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.errors = new Counter({
      name: `${prefix}_errors_total`,
      help: "GraphQL errors answered, by endpoint and extensions.code",
      labelNames: ["endpoint", "code"],
      registers: [registry],
    });
  }

  observe(endpoint: string, operationName: string | null | undefined, seconds: number): void {
    this.latency.observe({ endpoint, operation: this.operationLabel(operationName) }, seconds);
  }

  countError(endpoint: string, code: string): void {
    this.errors.inc({ endpoint, code: /^[A-Z_]{1,40}$/.test(code) ? code : "OTHER" });
  }

  private operationLabel(name: string | null | undefined): string {
    const label = name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : "anonymous";
    if (this.operationNames.has(label)) return label;
    if (this.operationNames.size >= MAX_OPERATION_LABELS) return "other";
    this.operationNames.add(label);
    return label;
  }
}

/** The yoga side: latency per operation and every error code in a result. */
export function metricsPlugin(metrics: ApiMetrics, endpoint: string): Plugin {
  const started = new WeakMap<Request, { ms: number; operation?: string | null }>();
  return {
    onRequest({ request }) {
      started.set(request, { ms: performance.now() });
    },
    onParams({ request, params }) {
      const entry = started.get(request);
      if (entry) entry.operation = params.operationName;
    },
    onExecute({ args }) {
      // Most clients name the operation in the document only (`query AuditModel { … }`).
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request ? started.get(request) : undefined;
      if (entry && !entry.operation) entry.operation = getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onResultProcess({ request, result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: readonly { extensions?: { code?: unknown } }[] }).errors ?? [];
        for (const error of errors) metrics.countError(endpoint, String(error.extensions?.code ?? "INTERNAL"));
      }
      const entry = started.get(request);
      if (entry) metrics.observe(endpoint, entry.operation, (performance.now() - entry.ms) / 1000);
    },
  };
}
