/**
 * API replicas read Postgres as a role that cannot write (scripts/create-readonly-role.sql), on
 * the Postgres server. Ponder's read-only pool only sets `SET SESSION CHARACTERISTICS AS
 * TRANSACTION READ ONLY` on connect (ponder/dist/esm/utils/pg.js, createReadonlyPool): shown
 * here to be undone by one statement for a role with write grants, and not enough to write for
 * the read-only role, whose writes are refused by its grants (42501) whatever the session says.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createSqlRunner, type ReadDb } from "../../api/graphql/read-db.js";
import { TEST_POSTGRES_URL } from "../_setup/ponder-indexer.js";

const run = promisify(execFile);
const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const ROLE = `ph_api_ro_${suffix}`;
const SCHEMA = `ph_ro_${suffix}`;
const REPLAY = `ph_ro_replay_${suffix}`;
const withUser = (url: string, user: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = "";
  return u.toString();
};

/** What Ponder's readonly pool sends on every new connection (utils/pg.js, ponder 0.17). */
function ponderReadonlyPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("connect", (client) => void client.query(`SET search_path = "${SCHEMA}"; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;`).catch(() => undefined));
  return pool;
}

let admin: pg.Client;
let psqlMissing: string | undefined;
const pools: pg.Pool[] = [];

before(async () => {
  admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${SCHEMA}"; CREATE TABLE "${SCHEMA}".inference (id integer PRIMARY KEY, fee numeric NOT NULL); INSERT INTO "${SCHEMA}".inference VALUES (1, 12)`);
  await admin.query(`CREATE SCHEMA "${REPLAY}"; CREATE TABLE "${REPLAY}".replay_verdicts (job_key text PRIMARY KEY)`);
  try {
    await run("psql", [TEST_POSTGRES_URL, "-q", "-v", `role=${ROLE}`, "-v", `schemas=${SCHEMA},${REPLAY}`, "-f", "scripts/create-readonly-role.sql"]);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") psqlMissing = "psql is not installed";
    else throw new Error(`create-readonly-role.sql failed: ${e.stderr ?? e.message}`);
  }
});

after(async () => {
  for (const pool of pools) await pool.end();
  await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE; DROP SCHEMA IF EXISTS "${REPLAY}" CASCADE`);
  const exists = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [ROLE]);
  if (exists.rowCount) await admin.query(`DROP OWNED BY "${ROLE}"; DROP ROLE "${ROLE}"`);
  await admin.end();
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "no error", (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code ?? String(e));

test("Ponder's session READ ONLY alone is a default: one statement lifts it for a role with write grants", async () => {
  const pool = ponderReadonlyPool(TEST_POSTGRES_URL);
  pools.push(pool);
  const client = await pool.connect();
  try {
    assert.equal(await codeOf(client.query("INSERT INTO inference VALUES (2, 1)")), "25006", "read_only_sql_transaction while the session default holds");
    await client.query("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
    await client.query("INSERT INTO inference VALUES (2, 1)");
    await client.query("DELETE FROM inference WHERE id = 2");
  } finally {
    client.release();
  }
});

test("the read-only role reads through the API's runner, and every write is refused by its grants", async (t) => {
  if (psqlMissing) return t.skip(psqlMissing);
  const pool = ponderReadonlyPool(withUser(TEST_POSTGRES_URL, ROLE));
  pools.push(pool);
  const db = drizzle(pool);
  // The API's database path: Ponder's read-only client behind the statement-counting runner.
  const runner = createSqlRunner(db as unknown as ReadDb);
  const rows = await runner.run(db.execute(sql`SELECT id, fee FROM inference`));
  assert.deepEqual(rows.rows, [{ id: 1, fee: "12" }]);
  assert.deepEqual((await runner.run(db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${REPLAY}".replay_verdicts`)))).rows, [{ n: 0 }]);
  // A write slipped past the ReadDb type (it has select builders only) meets the session default...
  const writer = runner.db as unknown as NodePgDatabase;
  assert.equal(await codeOf(runner.run(writer.execute(sql`INSERT INTO inference VALUES (3, 1)`))), "25006");
  // ...and with the session default lifted, and a READ WRITE transaction asked for, the grants.
  const client = await pool.connect();
  try {
    await client.query("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
    for (const statement of [
      "INSERT INTO inference VALUES (3, 1)",
      "UPDATE inference SET fee = 0",
      "DELETE FROM inference",
      "TRUNCATE inference",
      `CREATE TABLE "${SCHEMA}".planted (x int)`,
      `INSERT INTO "${REPLAY}".replay_verdicts VALUES ('forged')`,
      `DROP TABLE "${SCHEMA}".inference`,
    ]) {
      await client.query("BEGIN READ WRITE");
      const code = await codeOf(client.query(statement));
      await client.query("ROLLBACK");
      // 42501 insufficient_privilege; 42501 also for DROP/TRUNCATE of a table it does not own
      assert.equal(code, "42501", statement);
    }
  } finally {
    client.release();
  }
  const after = await admin.query(`SELECT id, fee FROM "${SCHEMA}".inference`);
  assert.deepEqual(after.rows, [{ id: 1, fee: "12" }], "the table is as it was");
});

test("tables the indexer creates later (a new Ponder build) are readable at once", async (t) => {
  if (psqlMissing) return t.skip(psqlMissing);
  await admin.query(`CREATE TABLE "${SCHEMA}".reward (id integer)`);
  const pool = new pg.Pool({ connectionString: withUser(TEST_POSTGRES_URL, ROLE), max: 1 });
  pools.push(pool);
  assert.deepEqual((await pool.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".reward`)).rows, [{ n: 0 }]);
  // the role's own default: a transaction that does not ask for READ WRITE is read-only
  assert.equal(await codeOf(pool.query(`INSERT INTO "${SCHEMA}".reward VALUES (1)`)), "25006");
});
