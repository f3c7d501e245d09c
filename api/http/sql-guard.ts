/**
 * Guards Ponder's SQL client middleware (`client({ db, schema })`, the `@ponder/client`
 * protocol: `GET /sql/db?sql=<superjson {sql, params, typings}>` answers the rows as JSON,
 * `GET /sql/live?sql=…` streams them as server-sent events).
 *
 * Ponder runs these on Postgres in a read-only transaction on its read-only pool; on PGlite it
 * runs them on the one PGlite session that indexing also uses, with no read-only transaction,
 * and a query there cannot be cut off (PGlite runs in the process's main thread: a 24 s cross
 * join froze /status and indexing for 24 s). So in the embedded mode the SQL client is off
 * unless enabled, and wherever it is on it can require an API key. On Postgres an answer that
 * takes longer than `timeoutMs` is cut off for the client (503 SQL_TIMEOUT); the server's own
 * `statement_timeout` (DATABASE_URL options) ends the query there.
 * Ponder's plain-text errors (which carry parser internals) become JSON with a stable code.
 */
import type { MiddlewareHandler } from "hono";
import { apiKeyOf } from "./api-key.js";
import { ApiError, errorResponse } from "./errors.js";

export type SqlClientSettings = {
  /** "auto": on over a Postgres server, off on the embedded PGlite. */
  mode: "on" | "off" | "auto";
  /** Required as `Authorization: Bearer <key>` or `x-api-key` when set. */
  apiKey?: string;
  timeoutMs: number;
};

export const DEFAULT_SQL_CLIENT: SqlClientSettings = { mode: "auto", timeoutMs: 10_000 };

const PROTOCOL = {
  client: "@ponder/client: createClient('<this url>', { schema })",
  endpoints: {
    "GET /sql/db?sql=<superjson of {sql, params, typings}>": "the rows as JSON (one read-only SELECT over the indexed tables)",
    "GET /sql/live?sql=…": "the same as server-sent events, again on every indexed change",
  },
  auth: "Authorization: Bearer <key> (or x-api-key: <key>) when the hub has an SQL API key",
};

function rejected(): ApiError {
  return new ApiError("SQL_REJECTED", "the query was refused: it must be one read-only select over the indexed tables, sent as superjson in the sql parameter", {
    hint: "see GET /sql for the protocol; @ponder/client builds these requests",
  });
}

export function guardedSqlClient(inner: MiddlewareHandler, settings: SqlClientSettings, embedded: boolean): MiddlewareHandler {
  const enabled = settings.mode === "on" || (settings.mode === "auto" && !embedded);
  return async (c, next) => {
    if (c.req.path === "/sql" || c.req.path === "/sql/") {
      return c.json({ enabled, ...PROTOCOL, ...(enabled ? {} : { disabledBecause: "embedded PGlite: a query there cannot be cut off and would stall the hub" }) });
    }
    if (!enabled) {
      return errorResponse(c, new ApiError("SQL_DISABLED", "the SQL client is off in the embedded mode", {
        hint: "use /graphql, or enable it (HUB_SQL=on, with HUB_SQL_API_KEY) knowing a slow query stalls the embedded hub, or run over a Postgres server (DATABASE_URL)",
      }));
    }
    if (settings.apiKey && apiKeyOf(c.req.raw.headers) !== settings.apiKey) {
      return errorResponse(c, new ApiError("API_UNAUTHORIZED", "the SQL client needs the hub's API key", { hint: "send Authorization: Bearer <key>" }));
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = Promise.resolve(inner(c, next)).then((r) => r ?? c.res);
      const cutOff = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), settings.timeoutMs)));
      const res = await Promise.race([answer, cutOff]);
      if (res === "timeout") {
        answer.catch(() => undefined);
        return errorResponse(c, new ApiError("SQL_TIMEOUT", `the query ran longer than ${settings.timeoutMs} ms and was cut off`, { hint: "narrow it (filters, LIMIT) or use /graphql" }));
      }
      if (res.status >= 400 && !(res.headers.get("content-type") ?? "").includes("json")) {
        return res.status === 503
          ? errorResponse(c, new ApiError("SQL_UNAVAILABLE", "live queries are not available yet (backfill) or too many are open"))
          : errorResponse(c, rejected());
      }
      return res;
    } catch {
      // superjson or the SQL parser threw on the input: a bad request, not a server fault.
      return errorResponse(c, rejected());
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}
