/**
 * Where a Ponder sync spent its time, read from its Prometheus `/metrics`: the historical
 * pipeline's steps, handler time per event, flush/load time per table, raw SQL. For
 * `npm run bench -- index --profile`.
 */
import { printTable } from "./_table.js";

export type Sample = { name: string; labels: Record<string, string>; value: number };

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** b minus a, sample by sample (counters and histogram sums/counts grow monotonically). */
export function diffSamples(a: Sample[], b: Sample[]): Sample[] {
  const key = (s: Sample) => `${s.name}${JSON.stringify(s.labels)}`;
  const before = new Map(a.map((s) => [key(s), s.value]));
  return b.map((s) => ({ ...s, value: s.value - (before.get(key(s)) ?? 0) }));
}

/** Sums of a metric grouped by one label. */
function byLabel(samples: Sample[], name: string, label: string | ((l: Record<string, string>) => string)): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = typeof label === "string" ? (s.labels[label] ?? "") : label(s.labels);
    out.set(key, (out.get(key) ?? 0) + s.value);
  }
  return out;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function printPonderProfile(label: string, samples: Sample[], top = 12): void {
  console.log(`\n${label}: where the sync went (Ponder /metrics)`);
  const groups = byLabel(samples, "ponder_historical_concurrency_group_duration", "group");
  const transform = byLabel(samples, "ponder_historical_transform_duration", "step");
  const extract = byLabel(samples, "ponder_historical_extract_duration", "step");
  printTable(
    ["phase", "step", "seconds"],
    [
      ...[...groups].map(([k, v]) => ["concurrency group", k, seconds(v)]),
      ...[...extract].map(([k, v]) => ["extract", k, seconds(v)]),
      ...[...transform].map(([k, v]) => ["transform", k, seconds(v)]),
    ],
  );
  const fnSum = byLabel(samples, "ponder_indexing_function_duration_sum", "event");
  const fnCount = byLabel(samples, "ponder_indexing_function_duration_count", "event");
  const fnTotal = [...fnSum.values()].reduce((a, b) => a + b, 0);
  console.log(`handlers: ${seconds(fnTotal)} s in all`);
  printTable(
    ["event", "count", "seconds", "µs/event"],
    [...fnSum]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, String(fnCount.get(k) ?? 0), seconds(v), ((v * 1000) / (fnCount.get(k) || 1)).toFixed(0)]),
  );
  const cacheSum = byLabel(samples, "ponder_indexing_cache_query_duration_sum", (l) => `${l.table}.${l.method}`);
  const cacheCount = byLabel(samples, "ponder_indexing_cache_query_duration_count", (l) => `${l.table}.${l.method}`);
  printTable(
    ["table.method", "count", "seconds"],
    [...cacheSum]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, String(cacheCount.get(k) ?? 0), seconds(v)]),
  );
  const dbSum = byLabel(samples, "ponder_database_method_duration_sum", "method");
  const dbCount = byLabel(samples, "ponder_database_method_duration_count", "method");
  printTable(
    ["database method", "count", "seconds"],
    [...dbSum]
      .filter(([k]) => !k.startsWith("sync") && (dbCount.get(k) ?? 0) > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => [k, String(dbCount.get(k) ?? 0), seconds(v)]),
  );
  const rawSum = byLabel(samples, "ponder_indexing_store_raw_sql_duration_sum", () => "raw");
  const rawCount = byLabel(samples, "ponder_indexing_store_raw_sql_duration_count", () => "raw");
  console.log(`raw SQL in handlers: ${rawCount.get("raw") ?? 0} queries, ${seconds(rawSum.get("raw") ?? 0)} s`);
}
