import { PGlite } from "@electric-sql/pglite";
try {
  const db = new PGlite(process.argv[2]!);
  await db.waitReady;
  console.log("opened");
  await db.close();
} catch (e) { console.log("caught", String(e).slice(0, 80)); }
await new Promise((r) => setTimeout(r, 500));
const db2 = new PGlite("/tmp/hx/db3"); await db2.waitReady; console.log("second ok", (await db2.query("select 1 as x")).rows); await db2.close();
