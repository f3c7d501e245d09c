/**
 * Where the CPU went during one load run of bench/api: the Ponder process (the API and the
 * indexer, sink and replay worker beside it), the Postgres backends of the bench's database,
 * the bench process itself (autocannon and the Ponder-side client work), and everything else
 * on the machine (other jobs sharing the 2 cores), from /proc.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { backendCpuBetween, cpuSeconds, samplePostgres, type PostgresSample } from "./_hub-probes.js";

export type CpuSplit = { wallSeconds: number; ponder: number; postgres: number; client: number; others: number };

/** Busy CPU seconds of the whole machine so far (all cores; /proc/stat ticks are 1/100 s). */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return (n.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / 100;
}

const clientSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

type Mark = { at: number; machine: number; ponder: number; client: number; postgres: PostgresSample | undefined };

/** Starts measuring; the returned function ends it and gives the split. `database`: the Postgres database, if any. */
export async function measureCpu(ponderPid: number | undefined, serverUrl: string, database: string | undefined): Promise<() => Promise<CpuSplit>> {
  const admin = database ? new pg.Client({ connectionString: serverUrl }) : undefined;
  await admin?.connect();
  const mark = async (): Promise<Mark> => ({ at: performance.now(), machine: machineBusySeconds(), ponder: cpuSeconds(ponderPid), client: clientSeconds(), postgres: admin && database ? await samplePostgres(admin, database) : undefined });
  const start = await mark();
  return async () => {
    const end = await mark();
    await admin?.end();
    const ponder = end.ponder - start.ponder;
    const client = end.client - start.client;
    const postgres = start.postgres && end.postgres ? backendCpuBetween(start.postgres, end.postgres) : 0;
    return { wallSeconds: (end.at - start.at) / 1000, ponder, postgres, client, others: Math.max(0, end.machine - start.machine - ponder - client - postgres) };
  };
}
