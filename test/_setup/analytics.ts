/**
 * Analytics test helpers: a chDB store in a temp folder, a database on the ClickHouse server
 * (or the reason there is none), and a fresh Postgres database per test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import pg from "pg";
import type { PostgresFactSource } from "../../analytics/sink/postgres-source.js";
import { reconcileFacts, type FactReconciliation } from "../../analytics/sink/reconcile.js";
import { reconcileRollups } from "../../analytics/sink/rollups.js";
import type { AnalyticsStore } from "../../analytics/store/store.js";
import { ChdbStore } from "../../analytics/store/chdb-store.js";
import { ServerStore } from "../../analytics/store/server-store.js";
import { hubEnv } from "../../core/config/index.js";

export const TEST_CLICKHOUSE_URL = hubEnv().TEST_CLICKHOUSE_URL;
export const TEST_PG_URL = hubEnv().TEST_POSTGRES_URL;

function suffix(): string {
  return `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function tempChdb(): Promise<{ store: ChdbStore; path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "ph-analytics-chdb-"));
  const store = await ChdbStore.open(path, "analytics");
  return { store, path, async cleanup() { await store.close(); await rm(path, { recursive: true, force: true }); } };
}

/** A fresh database on the server, or the reason no server can be used (for t.skip). */
export async function tempServerDatabase(): Promise<{ store: ServerStore; open(): Promise<ServerStore>; cleanup(): Promise<void> } | { skip: string }> {
  const database = `ph_analytics_${suffix()}`;
  let store: ServerStore;
  try {
    store = await ServerStore.open({ url: TEST_CLICKHOUSE_URL, database });
  } catch (error) {
    return { skip: `no ClickHouse server reachable at ${TEST_CLICKHOUSE_URL} (start it with scripts/clickhouse-server.sh): ${(error as Error).message}` };
  }
  const opened: ServerStore[] = [store];
  return {
    store,
    async open() { const s = await ServerStore.open({ url: TEST_CLICKHOUSE_URL, database }); opened.push(s); return s; },
    async cleanup() {
      await store.command(`DROP DATABASE IF EXISTS ${database}`);
      for (const s of opened) await s.close();
    },
  };
}

/** A fresh Postgres database `ph_analytics_<random>` and a pool on it; dropped by cleanup. */
export async function tempPostgres(): Promise<{ url: string; pool: pg.Pool; cleanup(): Promise<void> }> {
  const name = `ph_analytics_${suffix()}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = TEST_PG_URL.replace(/\/[^/]*$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    url,
    pool,
    async cleanup() {
      await pool.end();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Every rollup equals, group by group, its aggregate recomputed from the live facts. */
export async function assertRollupsExact(store: AnalyticsStore): Promise<void> {
  for (const r of await reconcileRollups(store)) {
    assert.deepEqual(
      { table: r.table, missing: r.missing.slice(0, 3), extra: r.extra.slice(0, 3), differing: r.differing.slice(0, 3) },
      { table: r.table, missing: [], extra: [], differing: [] },
    );
    assert.equal(r.live, r.groups, `${r.table}: live groups = recomputed groups`);
  }
}

/** The sink is exact: every live fact is one canonical Postgres row and back, and every rollup equals its facts. */
export async function assertSinkExact(store: AnalyticsStore, source: PostgresFactSource): Promise<FactReconciliation[]> {
  const report = await reconcileFacts(store, source);
  for (const r of report) {
    assert.deepEqual({ fact: r.fact, missing: r.missing.slice(0, 3), extra: r.extra.slice(0, 3), duplicated: r.duplicated.slice(0, 3) }, { fact: r.fact, missing: [], extra: [], duplicated: [] });
    assert.equal(r.live, r.canonical, `${r.fact}: live facts = canonical rows`);
  }
  await assertRollupsExact(store);
  return report;
}
