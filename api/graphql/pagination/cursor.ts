/**
 * Keyset cursors: the sort key values of a row (the sort column(s), then the id), so a cursor
 * stays valid while indexing appends rows. Opaque base64url JSON; a malformed one is
 * BAD_USER_INPUT. Pure.
 */
import { BadUserInputError } from "../errors.js";

export type KeyKind = "bigint" | "int" | "text";
export type KeyValue = bigint | number | string;

export function encodeCursor(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (typeof v === "bigint" ? v.toString() : v)))).toString("base64url");
}

export function decodeCursor(cursor: string, kinds: readonly KeyKind[]): KeyValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (cause) {
    throw new BadUserInputError(`cursor ${JSON.stringify(cursor)} is not one this API issued`, { hint: "pass an edge's cursor or pageInfo.endCursor unchanged", cause });
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) {
    throw new BadUserInputError(`cursor ${JSON.stringify(cursor)} does not fit this list's ordering`, { hint: "a cursor belongs to the list and orderBy it came from" });
  }
  return parsed.map((v, i) => {
    const kind = kinds[i]!;
    if (kind === "text" && typeof v === "string") return v;
    if (kind === "int" && typeof v === "number" && Number.isInteger(v)) return v;
    if (kind === "bigint" && typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
    throw new BadUserInputError(`cursor ${JSON.stringify(cursor)} does not fit this list's ordering`, { hint: "a cursor belongs to the list and orderBy it came from" });
  });
}

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export type PageArgs = { first?: number | null; after?: string | null; last?: number | null; before?: string | null };

/** Direction and size of the page asked for; sizes above MAX_PAGE_SIZE are refused. Pure. */
export function pageRequest(args: PageArgs): { backward: boolean; size: number; cursor: string | null } {
  if (args.first != null && args.last != null) throw new BadUserInputError("pass first or last, not both", { hint: "first/after pages forward, last/before backward" });
  for (const [name, n] of [["first", args.first], ["last", args.last]] as const) {
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new BadUserInputError(`${name}: ${n} is outside 0..${MAX_PAGE_SIZE}`, { hint: `page with ${name} <= ${MAX_PAGE_SIZE} and the cursors`, details: { maxPageSize: MAX_PAGE_SIZE } });
    }
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  return { backward, size: (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE, cursor: (backward ? args.before : args.after) ?? null };
}
