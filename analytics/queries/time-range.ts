/** Shared pieces of the analytics queries: the time range, buckets and id filters. Pure. */
import { AnalyticsError } from "../errors.js";

/** Half-open [from, to) in Unix seconds (block time). */
export type TimeRange = { from: number; to: number };

export function checkRange(range: TimeRange): TimeRange {
  const { from, to } = range;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from || to > 4294967295) {
    throw new AnalyticsError("ANALYTICS_BAD_RANGE", `time range [${from}, ${to}) is not a non-empty range of Unix seconds`, { hint: "Pass { from, to } in whole seconds with from < to." });
  }
  return range;
}

export function checkBucket(seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > 366 * 86400) {
    throw new AnalyticsError("ANALYTICS_BAD_BUCKET", `bucket of ${seconds} s is not between 1 s and a year`, { hint: "Pass whole seconds, e.g. 3600 for hourly." });
  }
  return seconds;
}

/**
 * ` AND <column> is one of these ids` (the ids go as the parameter `param`), or nothing when the
 * caller gave none: a constant predicate left in the SQL still costs the engine planning time.
 */
export const idFilter = (column: string, param: string, list: readonly bigint[]) => (list.length > 0 ? ` AND has({${param}:Array(UInt64)}, ${column})` : "");

export const ids = (list: readonly (number | bigint | string)[] | undefined): bigint[] => (list ?? []).map((v) => BigInt(v));

/** Wei amounts come back as bare numbers or strings; callers get decimal strings. */
export const wei = (value: unknown): string => (value === null || value === undefined ? "0" : BigInt(String(value)).toString());

/**
 * `column` within the caller's [from, to), or within the range of the parameters named `from`
 * and `to`. Every query and rollup writes its time bounds through these two, so they are
 * declared `DateTime('UTC')` in one place (see store/bind.ts).
 */
export const inTimeRange = (column: string, from = "from", to = "to") => `${column} >= {${from}:DateTime('UTC')} AND ${column} < {${to}:DateTime('UTC')}`;

/** A Date `column` within the UTC days of [from, to). */
export const inDayRange = (column: string, from = "from", to = "to") => `${column} >= toDate({${from}:DateTime('UTC')}) AND ${column} < toDate({${to}:DateTime('UTC')})`;
