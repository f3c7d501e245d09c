/** JSON for API answers: bigints (block numbers, wei) as decimal strings, never lost to floats. */
export function toJsonValue<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}
