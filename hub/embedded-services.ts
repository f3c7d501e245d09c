/**
 * The services that share the indexer's embedded database: started inside the Ponder process
 * (from src/api/index.ts) when the hub asks for them, because a PGlite folder and a chDB
 * folder each belong to the one process that opened them.
 */
import type { ReadonlyDrizzle } from "ponder";
import { startAnalytics, type Analytics } from "../analytics/start.js";
import { HubError } from "../core/errors.js";
import { EMBEDDED_SERVICES_ENV, PONDER_SCHEMA_ENV } from "./embedded-env.js";
import { queryableFromPonderDb } from "./ponder-db-queryable.js";


export type EmbeddedServices = { analytics: Analytics | undefined; startedAt: Date; errors: string[] };

let services: Promise<EmbeddedServices> | undefined;

/** Starts once per process; later calls return the same services. */
export function embeddedServices(db: ReadonlyDrizzle<Record<string, unknown>>): Promise<EmbeddedServices> | undefined {
  if (process.env[EMBEDDED_SERVICES_ENV] !== "1") return undefined;
  services ??= (async () => {
    const schema = process.env[PONDER_SCHEMA_ENV];
    if (!schema) throw new HubError("HUB_SCHEMA_UNKNOWN", `${PONDER_SCHEMA_ENV} is not set`, { hint: "start the Ponder process through hub/indexer.ts" });
    const errors: string[] = [];
    const remember = (error: unknown) => {
      errors.push(error instanceof Error ? error.message : String(error));
      if (errors.length > 20) errors.shift();
      console.error(`[hub] ${error instanceof Error ? error.message : String(error)}`);
    };
    const analytics = await startAnalytics({ pool: queryableFromPonderDb(db), schema, pollMs: 500, onError: remember });
    console.log(`[hub] analytics: ${analytics.migrations.map((m) => `${m.target} ${m.applied.length} applied`).join(", ")}; sink following schema ${schema}`);
    return { analytics, startedAt: new Date(), errors };
  })();
  services.catch((error: unknown) => console.error(`[hub] embedded services failed to start: ${error instanceof Error ? error.message : String(error)}`));
  return services;
}
