/**
 * What the hub calls at start: applies pending ClickHouse migrations to the analytics store
 * (and, when given a Postgres client and schema, that folder's Postgres migrations).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalyticsStore } from "../analytics/store/store.js";
import { loadMigrations, runMigrations, type MigrationReport } from "./runner.js";
import { ClickHouseMigrationTarget } from "./targets/clickhouse.js";
import type { Queryable } from "../core/sql/queryable.js";
import { PostgresMigrationTarget } from "./targets/postgres.js";

const here = dirname(fileURLToPath(import.meta.url));
export const CLICKHOUSE_MIGRATIONS_DIR = join(here, "clickhouse");
export const POSTGRES_MIGRATIONS_DIR = join(here, "postgres");

export type ApplyMigrationsOptions = {
  analytics?: AnalyticsStore;
  postgres?: { client: Queryable; schema: string; dir?: string };
};

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = [];
  if (options.analytics) reports.push(await runMigrations(new ClickHouseMigrationTarget(options.analytics), loadMigrations(CLICKHOUSE_MIGRATIONS_DIR)));
  if (options.postgres) {
    const { client, schema, dir } = options.postgres;
    reports.push(await runMigrations(new PostgresMigrationTarget(client, schema), loadMigrations(dir ?? POSTGRES_MIGRATIONS_DIR)));
  }
  return reports;
}
