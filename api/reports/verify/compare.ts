/** Field-by-field comparison: a decoded event against a fact, and a recomputed section against the file. Pure. */
import type { AbiEvent } from "viem";
import { canonicalFactValue, type FactValue } from "../facts.js";

/** Writes a decoded ABI value the way facts write it (hex lowercase, integers decimal). */
export function factValueOfDecoded(value: unknown): FactValue {
  if (typeof value === "string") return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(factValueOfDecoded);
  return canonicalFactValue(value);
}

export type FieldMismatch = { field: string; report: unknown; chain: unknown };

export function compareEventArgs(event: AbiEvent, decoded: Record<string, unknown>, claimed: Record<string, FactValue>): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  const names = new Set<string>();
  for (const input of event.inputs) {
    const name = input.name ?? "";
    names.add(name);
    const chain = factValueOfDecoded(decoded[name]);
    if (JSON.stringify(chain) !== JSON.stringify(claimed[name] ?? null)) out.push({ field: name, report: claimed[name] ?? null, chain });
  }
  for (const name of Object.keys(claimed)) if (!names.has(name)) out.push({ field: name, report: claimed[name], chain: "(no such argument)" });
  return out;
}

/** Paths where two JSON values differ (at most `limit`), for naming what was altered. */
export function diffPaths(a: unknown, b: unknown, path = "", limit = 20, out: { path: string; report: unknown; derived: unknown }[] = []) {
  if (out.length >= limit) return out;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || "(root)", report: a, derived: b });
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    diffPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key, limit, out);
  }
  return out;
}
