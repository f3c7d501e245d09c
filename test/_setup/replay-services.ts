/**
 * Real services for replay tests, isolated per test: a fresh Postgres database (dropped after)
 * and a unique Redis key prefix (obliterated after). Other helpers share these servers.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { hubEnv } from "../../core/config/index.js";

export const POSTGRES_ADMIN_URL = hubEnv().TEST_POSTGRES_URL;
export const TEST_REDIS_URL = hubEnv().TEST_REDIS_URL;

export type FreshDatabase = { url: string; name: string; drop(): Promise<void> };

export async function freshDatabase(owner = "replay"): Promise<FreshDatabase> {
  const name = `ph_${owner}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function uniqueRedisPrefix(owner = "replay"): string {
  return `ph_${owner}_${randomBytes(5).toString("hex")}`;
}
