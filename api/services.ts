/**
 * What the HTTP app is given: readers only. Whoever composes the process (hub/in-ponder) decides
 * whether they are backed by writers running beside them (embedded) or by servers another
 * process writes (API replicas); building the app never starts anything.
 */
import type { Registry } from "prom-client";
import type { AnalyticsStore } from "../analytics/store/store.js";
import type { StoredVerdict, VerdictCounts } from "../replay/verdicts/postgres-verdict-store.js";
import type { VerdictRecordQuery } from "../replay/verdicts/verdict-records.js";
import type { VerdictReader as ProvenanceVerdictReader } from "./graphql/services/verdict-reader.js";
import type { VerificationRequester } from "./graphql/services/verification-requester.js";
import type { ProvenanceServices } from "./graphql/context.js";

export type SinkLagView = { headBlock: bigint; syncedBlock: bigint; blocks: bigint; seconds: number };

export type AnalyticsReader = {
  store: AnalyticsStore;
  /** How far the facts trail the indexed head: the sink's own figure, or its checkpoint as recorded. */
  lag(): SinkLagView | undefined | Promise<SinkLagView | undefined>;
};

/** Which execution provider the worker in this process uses, and why it fell back (no paths). */
export type ExecutionProviderView = { provider: string; requested: string; fallbackReason: string | undefined };

export type VerdictReader = {
  /** The execution provider of the worker in this process; undefined where no worker runs here. */
  executionProvider: ExecutionProviderView | undefined;
  counts(): Promise<VerdictCounts>;
  verdicts(): Promise<StoredVerdict[]>;
  /** Verdicts with every stored column, paged by inference id. */
  records(options: VerdictRecordQuery): Promise<Record<string, unknown>[]>;
  /** The same verdicts typed, one inference or one new verdict at a time (the GraphQL API). */
  evidence: ProvenanceVerdictReader;
};

/** Lag against the chain head as the in-process monitor reports it (hub/in-ponder/status). */
export type LagReport = { ready: boolean; notReady: string[] } & Record<string, unknown>;

/** How the writers of this process are doing: lag, how their stores were found, restarts, pollers. */
export type HubHealth = {
  lag(): Promise<LagReport>;
  /** Per embedded store: created, opened or rebuilt (with what a rebuild means). */
  stores: Record<string, Record<string, unknown>>;
  ponderRestarts: readonly unknown[];
  activity(): Record<string, unknown>;
};

export type HubServices = {
  /** What this process runs beside Ponder (embedded, indexer or api). */
  role: string;
  analytics: Promise<AnalyticsReader | undefined>;
  verdicts: Promise<VerdictReader | undefined>;
  /** Enqueues replay jobs; undefined (or absent) where no queue is reachable from this process. */
  verification?: Promise<VerificationRequester | undefined>;
  /** Lag, stores and pollers of the writers in this process; undefined where none run. */
  health: Promise<HubHealth | undefined>;
  /** The latest errors of the writers in this process (empty where none run). */
  recentErrors(): string[];
  /** The hub's Prometheus registry, served beside Ponder's series. */
  metrics: Registry | undefined;
};

/** Nothing beside Ponder: the routes answer 503 for analytics and replay. */
export const noHubServices: HubServices = {
  role: "indexer",
  analytics: Promise.resolve(undefined),
  verdicts: Promise.resolve(undefined),
  health: Promise.resolve(undefined),
  recentErrors: () => [],
  metrics: undefined,
};

/**
 * What the provenance API reads of these: a service that failed to open is one that is not
 * reachable (its fields answer null, the mutation SERVICE_UNAVAILABLE); the failure is logged
 * where it was opened.
 */
export function provenanceServices(services: HubServices): ProvenanceServices {
  return {
    analytics: () => services.analytics.catch(() => undefined),
    verdicts: () => services.verdicts.then((v) => v?.evidence).catch(() => undefined),
    verification: () => (services.verification ?? Promise.resolve(undefined)).catch(() => undefined),
  };
}
