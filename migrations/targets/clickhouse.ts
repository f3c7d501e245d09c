/**
 * ClickHouse as a migration target (chDB or server). The lock is `CREATE TABLE` of a lock
 * table, which the engine lets exactly one caller win; the loser waits until it is dropped
 * (a lock older than `staleAfterSeconds`, left by a crashed runner, is broken). Within one
 * process an in-memory queue comes first, so a chDB folder (one process by construction) never
 * even races on the table. Every ClickHouse migration is also written idempotently
 * (IF NOT EXISTS), so a broken stale lock cannot double-apply a change.
 */
import type { AnalyticsStore } from "../../analytics/store/store.js";
import type { AppliedMigration, Migration, MigrationTarget } from "../runner.js";

const queues = new Map<string, Promise<unknown>>();

export class ClickHouseMigrationTarget implements MigrationTarget {
  readonly description: string;
  private readonly store: AnalyticsStore;
  private readonly staleAfterSeconds: number;

  constructor(store: AnalyticsStore, options: { staleAfterSeconds?: number } = {}) {
    this.store = store;
    this.description = `clickhouse database ${store.database} (${store.kind})`;
    this.staleAfterSeconds = options.staleAfterSeconds ?? 600;
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const key = `${this.store.kind}:${this.store.database}`;
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      await this.acquire();
      try {
        return await work();
      } finally {
        await this.store.command("DROP TABLE IF EXISTS schema_migrations_lock");
      }
    });
    queues.set(key, run.catch(() => undefined));
    return run;
  }

  private async acquire(): Promise<void> {
    for (;;) {
      try {
        await this.store.command("CREATE TABLE schema_migrations_lock (held UInt8) ENGINE = TinyLog");
        return;
      } catch (error) {
        if (!/already exists/i.test(String((error as Error).cause ?? error))) throw error;
      }
      // The lock's age is its table's: a runner that crashed holding it left it behind.
      const holder = await this.store
        .query<{ age: number }>(
          "SELECT toInt64(toUInt32(now())) - toInt64(toUInt32(metadata_modification_time)) AS age FROM system.tables WHERE database = currentDatabase() AND name = 'schema_migrations_lock'",
        )
        .catch(() => [] as { age: number }[]);
      const age = Number(holder[0]?.age ?? 0);
      if (age > this.staleAfterSeconds) await this.store.command("DROP TABLE IF EXISTS schema_migrations_lock");
      else await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150));
    }
  }

  async ensureLedger(): Promise<void> {
    await this.store.command(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, applied_at DateTime, ver UInt64) ENGINE = ReplacingMergeTree(ver) ORDER BY version",
    );
  }

  async applied(): Promise<AppliedMigration[]> {
    const rows = await this.store.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, argMax(name, ver) AS name, argMax(checksum, ver) AS checksum FROM schema_migrations GROUP BY version ORDER BY version",
    );
    return rows.map((r) => ({ version: Number(r.version), name: r.name, checksum: r.checksum }));
  }

  async apply(migration: Migration): Promise<void> {
    for (const statement of migration.statements) await this.store.command(statement);
    await this.store.insert("schema_migrations", [
      { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: Math.floor(Date.now() / 1000), ver: Date.now() },
    ]);
  }
}
