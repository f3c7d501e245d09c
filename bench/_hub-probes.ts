/**
 * What bench/idle reads while a hub runs: CPU seconds of a process and of the Postgres backends
 * serving one database (from /proc), that database's read and write counters
 * (pg_stat_database), the indexer's row count (every table's totalCount over Ponder's GraphQL)
 * and the hub's own activity counters (/hub/status).
 */
import { readFileSync } from "node:fs";
import pg from "pg";

/** CPU seconds (user + system) a process has used so far; clock ticks are 1/100 s on Linux. NaN when gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export type PostgresSample = { at: number; cpuByPid: Map<number, number>; rowsRead: number; rowsWritten: number };

/** Samples the backends of `database` and its counters, over an admin connection to another database. */
export async function samplePostgres(admin: pg.Client, database: string): Promise<PostgresSample> {
  await admin.query("SELECT pg_stat_clear_snapshot()");
  const backends = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database]);
  const stats = await admin.query<{ read: string; written: string }>(
    "SELECT (tup_returned + tup_fetched)::text AS read, (tup_inserted + tup_updated + tup_deleted)::text AS written FROM pg_stat_database WHERE datname = $1",
    [database],
  );
  const cpuByPid = new Map<number, number>();
  for (const b of backends.rows) {
    const cpu = cpuSeconds(b.pid);
    if (!Number.isNaN(cpu)) cpuByPid.set(b.pid, cpu);
  }
  return { at: performance.now(), cpuByPid, rowsRead: Number(stats.rows[0]?.read ?? 0), rowsWritten: Number(stats.rows[0]?.written ?? 0) };
}

/** Rows read per table so far (sequential scans' rows + index fetches), over a connection to the database itself. */
export async function rowsReadByTable(client: pg.Client): Promise<Map<string, number>> {
  await client.query("SELECT pg_stat_clear_snapshot()");
  const r = await client.query<{ t: string; n: string }>("SELECT schemaname || '.' || relname AS t, (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS n FROM pg_stat_user_tables");
  return new Map(r.rows.map((row) => [row.t, Number(row.n)]));
}

/** The tables that read the most rows between two rowsReadByTable samples, as "table n". */
export function topReaders(a: Map<string, number>, b: Map<string, number>, top = 4): string {
  return [...b]
    .map(([t, n]) => [t.replace(/^[^.]*\./, ""), n - (a.get(t) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ") || "none";
}

/** CPU seconds the backends present in both samples used between them. */
export function backendCpuBetween(a: PostgresSample, b: PostgresSample): number {
  let sum = 0;
  for (const [pid, cpu] of b.cpuByPid) {
    const before = a.cpuByPid.get(pid);
    if (before !== undefined) sum += cpu - before;
  }
  return sum;
}

/** The number of rows in every table the indexer serves (Ponder's GraphQL `<table>s { totalCount }`). */
export async function indexedRowCount(graphqlUrl: string): Promise<number> {
  const post = async (query: string) => {
    const res = await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`GraphQL ${query.slice(0, 80)}…: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  type FieldType = { name: string | null; ofType: { name: string | null } | null };
  const schema = (await post("{ __schema { queryType { fields { name type { name ofType { name } } } } } }")) as { __schema: { queryType: { fields: { name: string; type: FieldType }[] } } };
  const pages = schema.__schema.queryType.fields.filter((f) => (f.type.name ?? f.type.ofType?.name ?? "").endsWith("Page")).map((f) => f.name);
  let total = 0;
  // a few tables a request: Ponder limits a GraphQL operation's size
  for (let i = 0; i < pages.length; i += 4) {
    const counts = (await post(`{ ${pages.slice(i, i + 4).map((p) => `${p} { totalCount }`).join(" ")} }`)) as Record<string, { totalCount: number }>;
    for (const c of Object.values(counts)) total += c.totalCount;
  }
  return total;
}

export type ActivityCounters = { polls: number; works: number; resyncs: number; checkRowsTotal: number; rowsReadTotal: number; mode: string };
export type HubStatus = { analyticsLag: { syncedBlock: string } | null; activity: { sink: ActivityCounters; follower: ActivityCounters } | null };

export async function hubStatus(baseUrl: string): Promise<HubStatus> {
  return (await (await fetch(`${baseUrl}/hub/status`)).json()) as HubStatus;
}

/** Rows the sink and the follower read (their change checks and their work), from /hub/status. */
export function pollerRows(status: HubStatus): number {
  const a = status.activity;
  return a ? a.sink.checkRowsTotal + a.sink.rowsReadTotal + a.follower.checkRowsTotal + a.follower.rowsReadTotal : Number.NaN;
}
