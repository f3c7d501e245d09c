/**
 * JSONEachRow in and out without losing precision: ClickHouse prints UInt64 and Decimal(38,0)
 * (wei amounts) as bare JSON numbers, which JSON.parse would round. Numbers that are not safe
 * integers come back as their decimal text; bigints go out as bare digits.
 */

export type Row = Record<string, unknown>;

type SourceContext = { source?: string };

function exactNumber(_key: string, value: unknown, context?: SourceContext): unknown {
  if (typeof value === "number" && context?.source !== undefined && !Number.isSafeInteger(value) && /^-?\d+$/.test(context.source)) {
    return context.source;
  }
  return value;
}

const parseExact = JSON.parse as (text: string, reviver: (k: string, v: unknown, c?: SourceContext) => unknown) => unknown;
// A bare number of 16+ digits may not fit a double; only then is the (slow) reviver needed.
const LONG_BARE_NUMBER = /[:,[]\s*-?\d{16,}/;

/** Parses JSONEachRow text (one object per line). */
export function parseJsonEachRow<T = Row>(text: string): T[] {
  const body = text.trimEnd();
  if (body.length === 0) return [];
  const array = `[${body.split("\n").join(",")}]`;
  return (LONG_BARE_NUMBER.test(body) ? parseExact(array, exactNumber) : JSON.parse(array)) as T[];
}

function encodeValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value === undefined || value === null) return "null";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return `[${value.map(encodeValue).join(",")}]`;
  return JSON.stringify(value);
}

/** Serialises rows as JSONEachRow; bigints become bare digits (exact into Decimal/UInt64 columns). */
export function toJsonEachRow(rows: readonly Row[]): string {
  let out = "";
  for (const row of rows) {
    const fields: string[] = [];
    for (const [key, value] of Object.entries(row)) fields.push(`${JSON.stringify(key)}:${encodeValue(value)}`);
    out += `{${fields.join(",")}}\n`;
  }
  return out;
}
