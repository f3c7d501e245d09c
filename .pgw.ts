import { PGlite } from "@electric-sql/pglite";
const dir = process.argv[2]!;
const t0 = Date.now();
const db = new PGlite(dir);
await db.waitReady;
console.log("open ms", Date.now() - t0);
await db.exec("CREATE TABLE IF NOT EXISTS t (id serial primary key, v text)");
const c = await db.query<{ n: number }>("SELECT count(*)::int n FROM t");
console.log("rows", c.rows[0]!.n);
if (process.argv[3] === "write") for (;;) { await db.query("INSERT INTO t (v) VALUES ($1)", ["x".repeat(100)]); }
await db.close();
