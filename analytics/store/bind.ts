/**
 * Client-side rendering of `{name:Type}` placeholders, used only for ClickHouse servers that
 * predate query parameters (Debian's 18.16 answers `Unknown setting param_…`). Each value is
 * checked against its declared type and rendered as a typed literal: integers must be integers,
 * strings are quoted with ClickHouse's escapes, arrays element by element. Modern engines
 * (chDB, servers ≥ 19.11) never use this: they bind on the server.
 */
import { AnalyticsParamError } from "../errors.js";
import type { ParamValue, Params } from "./store.js";

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_(), ']+)\}/g;

const INT_RANGES: Record<string, [bigint, bigint]> = {
  UInt8: [0n, 255n], UInt16: [0n, 65535n], UInt32: [0n, 4294967295n], UInt64: [0n, 18446744073709551615n],
  Int8: [-128n, 127n], Int16: [-32768n, 32767n], Int32: [-2147483648n, 2147483647n], Int64: [-9223372036854775808n, 9223372036854775807n],
};

/** How the SQL declares a point in time: the facts' block times are `DateTime('UTC')` too. */
const UTC_DATETIME = "DateTime('UTC')";
/** A DateTime is Unix seconds in a UInt32. */
const UNIX_SECONDS = INT_RANGES.UInt32!;

function utcText(name: string, value: unknown): string {
  const n = checkedInteger(name, UTC_DATETIME, value, UNIX_SECONDS);
  return new Date(Number(n) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** A ClickHouse single-quoted string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t").replace(/\0/g, "\\0")}'`;
}

function toInteger(name: string, type: string, value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d{1,40}$/.test(value)) return BigInt(value);
  if (typeof value === "boolean") return value ? 1n : 0n;
  throw new AnalyticsParamError(name, type, value);
}

function checkedInteger(name: string, type: string, value: unknown, [min, max]: [bigint, bigint]): bigint {
  const n = toInteger(name, type, value);
  if (n < min || n > max) throw new AnalyticsParamError(name, type, value);
  return n;
}

function renderScalar(name: string, type: string, value: unknown): string {
  const range = INT_RANGES[type];
  // A bare literal: LIMIT and other clauses take no function calls; the range is checked.
  if (range) return checkedInteger(name, type, value, range).toString();
  if (type === "String") {
    if (typeof value !== "string") throw new AnalyticsParamError(name, type, value);
    return quoteString(value);
  }
  if (type === "Float64") {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new AnalyticsParamError(name, type, value);
    return `toFloat64(${String(value)})`;
  }
  if (type === "DateTime" || type === UTC_DATETIME) return `toDateTime(${checkedInteger(name, type, value, UNIX_SECONDS).toString()}, 'UTC')`;
  const decimal = /^Decimal\((\d+),\s*0\)$/.exec(type);
  if (decimal) {
    const n = toInteger(name, type, value);
    return `toDecimal128(${quoteString(n.toString())}, 0)`;
  }
  throw new AnalyticsParamError(name, type, value);
}

function render(name: string, type: string, value: ParamValue | undefined): string {
  if (value === undefined) throw new AnalyticsParamError(name, type, value);
  const array = /^Array\((.+)\)$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw new AnalyticsParamError(name, type, value);
    const inner = array[1]!;
    if (value.length === 0) return `CAST([] AS Array(${inner}))`;
    return `[${(value as readonly unknown[]).map((v) => renderScalar(name, inner, v)).join(",")}]`;
  }
  return renderScalar(name, type, value);
}

/** Replaces every `{name:Type}` in `sql` with a checked literal of that type. */
export function renderParams(sql: string, params: Params = {}): string {
  return sql.replace(PLACEHOLDER, (_match, name: string, type: string) => render(name, type.trim(), params[name]));
}

/**
 * Values in the shape the engines' own binders expect (bigints as decimal text). A
 * `DateTime('UTC')` placeholder gets its Unix seconds as UTC text: the engines' text parser
 * refuses short numbers (block time 3600 on a devnet), and the declared zone keeps `toDate()`
 * in UTC, like the facts' block times, whatever zone the process or server runs in.
 */
export function paramsForEngine(sql: string, params: Params = {}): Record<string, string | number | boolean | (string | number)[]> {
  const types = new Map<string, string>();
  for (const m of sql.matchAll(PLACEHOLDER)) types.set(m[1]!, m[2]!.trim());
  const out: Record<string, string | number | boolean | (string | number)[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (types.get(key) === UTC_DATETIME) out[key] = utcText(key, value);
    else if (typeof value === "bigint") out[key] = value.toString();
    // Array elements as numbers where exact (an engine quotes strings inside arrays).
    else if (Array.isArray(value)) out[key] = (value as readonly (string | number | bigint)[]).map((v) => (typeof v === "bigint" ? (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v));
    else out[key] = value as string | number | boolean;
  }
  return out;
}
