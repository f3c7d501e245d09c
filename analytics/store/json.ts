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

/** Parses JSONEachRow text (one object per line). */
export function parseJsonEachRow<T = Row>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    rows.push((JSON.parse as (text: string, reviver: (k: string, v: unknown, c?: SourceContext) => unknown) => T)(line, exactNumber));
  }
  return rows;
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
