/** Errors the analytics store, sink and queries raise on purpose, each with a stable code. */
import { HubError, type HubErrorOptions } from "../core/errors.js";

export class AnalyticsError extends HubError {
  constructor(code: `ANALYTICS_${string}`, message: string, options: HubErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A query the store could not run: the SQL's first line and the engine's message are kept. */
export class AnalyticsQueryError extends AnalyticsError {
  constructor(sql: string, cause: unknown) {
    const first = sql.trim().split("\n")[0]?.slice(0, 160) ?? "";
    super("ANALYTICS_QUERY_FAILED", `ClickHouse query failed: ${first}: ${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}`, {
      cause,
      hint: "Check that migrations ran (applyMigrations) and that the server is reachable; the cause holds the engine's message.",
    });
  }
}

/** A parameter value that does not fit the type its placeholder declares. */
export class AnalyticsParamError extends AnalyticsError {
  constructor(name: string, type: string, value: unknown) {
    super("ANALYTICS_BAD_PARAM", `parameter {${name}:${type}} cannot take ${JSON.stringify(typeof value === "bigint" ? value.toString() : value)}`, {
      hint: "Pass a value of the declared type: integers as number/bigint/decimal string, DateTime as Unix seconds.",
    });
  }
}
