/**
 * Postgres as a migration target (for the hub's own non-Ponder tables, e.g. the replay
 * worker's verdicts). The lock is a session advisory lock keyed by the schema; each migration
 * and its ledger row commit in one transaction.
 */
import { assertIdentifier } from "../../core/sql/identifier.js";
import type { Queryable } from "../../core/sql/queryable.js";
import type { AppliedMigration, Migration, MigrationTarget } from "../runner.js";

export class PostgresMigrationTarget implements MigrationTarget {
  readonly description: string;
  private readonly client: Queryable;
  private readonly schema: string;

  /** `client` is one session the caller owns (a pg client, or PGlite): advisory locks belong to it. */
  constructor(client: Queryable, schema: string) {
    assertIdentifier(schema);
    this.client = client;
    this.schema = schema;
    this.description = `postgres schema ${schema}`;
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query("SELECT pg_advisory_lock(hashtext($1))", [`provenance-hub:migrations:${this.schema}`]);
    try {
      return await work();
    } finally {
      await this.client.query("SELECT pg_advisory_unlock(hashtext($1))", [`provenance-hub:migrations:${this.schema}`]);
    }
  }

  async ensureLedger(): Promise<void> {
    await this.client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    await this.client.query(
      `CREATE TABLE IF NOT EXISTS ${this.schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async applied(): Promise<AppliedMigration[]> {
    const result = await this.client.query<AppliedMigration>(`SELECT version, name, checksum FROM ${this.schema}.schema_migrations ORDER BY version`);
    return result.rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  async apply(migration: Migration): Promise<void> {
    await this.client.query("BEGIN");
    try {
      await this.client.query(`SET LOCAL search_path TO ${this.schema}`);
      for (const statement of migration.statements) await this.client.query(statement);
      await this.client.query(`INSERT INTO ${this.schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [migration.version, migration.name, migration.checksum]);
      await this.client.query("COMMIT");
    } catch (error) {
      await this.client.query("ROLLBACK");
      throw error;
    }
  }
}
