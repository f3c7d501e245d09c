/**
 * RFC 8785 canonical JSON written in pieces: the same text as `canonicalize(value)`, but a large
 * report is never one string (the digest hashes the pieces, the JSON route and CLI write them).
 * Objects and arrays are opened here; small members (a fact, a table row) are handed to
 * `canonicalize` whole, so the rules (key order, numbers, escapes) stay the library's. Pure.
 */
import canonicalize from "canonicalize";

/** An array member is written whole unless it holds an array at least this long. */
const LARGE_ARRAY = 32;

function leaf(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON form");
  return text;
}

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function holdsLargeArray(value: Record<string, unknown> | unknown[]): boolean {
  if (Array.isArray(value)) return value.length >= LARGE_ARRAY;
  return Object.values(value).some((v) => Array.isArray(v) && v.length >= LARGE_ARRAY);
}

function* pieces(value: unknown, inArray: boolean): Generator<string> {
  if (!isPlainContainer(value) || (inArray && !holdsLargeArray(value))) {
    yield leaf(value);
    return;
  }
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      const item = value[i];
      // As canonicalize (and JSON.stringify): an undefined or symbol member is null.
      yield* pieces(item === undefined || typeof item === "symbol" ? null : item, true);
    }
    yield "]";
    return;
  }
  yield "{";
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member === undefined || typeof member === "symbol") continue;
    yield `${first ? "" : ","}${leaf(key)}:`;
    first = false;
    yield* pieces(member, false);
  }
  yield "}";
}

/** The canonical JSON of `value` in pieces of about `size` characters (the last may be shorter). */
export function* canonicalJsonChunks(value: unknown, size = 64 * 1024): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces(value, false)) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join("");
      buffer = [];
      length = 0;
    }
  }
  if (length > 0) yield buffer.join("");
}
