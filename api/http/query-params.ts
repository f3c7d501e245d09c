/**
 * Query-string numbers and ids checked against their real ranges before any store sees them:
 * out of range answers 400 BAD_USER_INPUT-style (`API_BAD_REQUEST`), never a store's error.
 */
import type { Context } from "hono";
import { ApiError } from "./errors.js";

/** Ids on chain are counters kept as UInt64 in ClickHouse and numeric in Postgres. */
export const MAX_ID = 2n ** 64n - 1n;

export function badRequest(message: string, hint?: string): ApiError {
  return new ApiError("API_BAD_REQUEST", message, { hint: hint ?? "see the README's API table for each parameter's range" });
}

/** An integer parameter in [min, max], or the fallback when absent. */
export function integerParam(c: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^-?\d{1,16}$/.test(raw)) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

/** One id (decimal, 0 to 2^64-1). */
export function parseId(name: string, raw: string): bigint {
  if (!/^\d{1,20}$/.test(raw) || BigInt(raw) > MAX_ID) throw badRequest(`${name} holds "${raw.slice(0, 40)}", not an id (0 to 2^64-1)`);
  return BigInt(raw);
}

/** A comma-separated list of ids (at most `maxCount`), or undefined when absent. */
export function idListParam(c: Context, name: string, maxCount = 1000): bigint[] | undefined {
  const raw = c.req.query(name);
  if (!raw) return undefined;
  const parts = raw.split(",");
  if (parts.length > maxCount) throw badRequest(`${name} lists more than ${maxCount} ids`);
  return parts.map((v) => parseId(name, v));
}
