/** Helpers every type file uses: records carried with their view, fields that differ by block. */
import type { AsOfView, At } from "../context.js";

export const wrap = <T>(at: AsOfView, row: T): At<T> => ({ row, at });
export const wrapAll = <T>(at: AsOfView, rows: readonly T[]): At<T>[] => rows.map((row) => ({ row, at }));
export const wrapMaybe = <T>(at: AsOfView, row: T | null | undefined): At<T> | null => (row ? { row, at } : null);

/**
 * A mutable figure: the stored column at the indexed head, otherwise derived from the history
 * up to the answered block (the two agree: tested against an indexer stopped at that block).
 */
export async function asOfValue<T, V>(parent: At<T>, stored: (row: T) => V, derived: () => Promise<V>): Promise<V> {
  return parent.at.block.atHead ? stored(parent.row) : derived();
}

/** The rows a DataLoader.loadMany found (drops nulls and per-key errors). */
export const present = <T>(rows: readonly (T | null | Error)[]): T[] => rows.filter((r): r is T => r !== null && !(r instanceof Error));
