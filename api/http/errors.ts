/**
 * The one HTTP error handler of the hub's routes: every error answers JSON
 * `{ "error": { "code", "message", "hint"? } }`, its status chosen by the code from one table
 * (client mistakes 4xx, never 500), and nothing internal in the body: no SQL, no stack, no path,
 * no engine message. What the client does not see is logged with the cause chain.
 */
import type { Context } from "hono";
import { HubError, isHubError } from "../../core/errors.js";
import { componentLogger } from "../../core/logger.js";

/** Codes the HTTP layer raises itself. */
export class ApiError extends HubError {}

/** First match wins; a code matching none is a server error (500). */
export const HTTP_STATUS_BY_CODE: readonly (readonly [RegExp, number])[] = [
  [/^(API_BAD_REQUEST|BAD_USER_INPUT|SQL_REJECTED)$|^ANALYTICS_BAD_/, 400],
  [/^API_UNAUTHORIZED$/, 401],
  [/^(API_FORBIDDEN|SQL_DISABLED)$/, 403],
  [/^API_NOT_FOUND$/, 404],
  [/^API_PAYLOAD_TOO_LARGE$/, 413],
  [/^API_RATE_LIMITED$/, 429],
  [/_UNAVAILABLE$|_TIMEOUT$|^HUB_NOT_READY$/, 503],
];

export function httpStatusOf(code: string): number {
  return HTTP_STATUS_BY_CODE.find(([pattern]) => pattern.test(code))?.[1] ?? 500;
}

export type ErrorBody = { error: { code: string; message: string; hint?: string } };

const INTERNAL: ErrorBody = { error: { code: "INTERNAL", message: "the hub failed to answer this request; the failure is in its log" } };

/** The body a client sees: a HubError's own words for client errors, a fixed line otherwise. */
export function errorBody(error: unknown): ErrorBody {
  if (!isHubError(error) || httpStatusOf(error.code) === 500) return INTERNAL;
  return { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}

/** Answers an error as JSON with its status; for Hono's `app.onError` and for handlers. */
export function errorResponse(c: Context, error: unknown): Response {
  const status = isHubError(error) ? httpStatusOf(error.code) : 500;
  if (status >= 500) componentLogger("http").error({ err: error, method: c.req.method, path: c.req.path }, "request failed");
  return c.json(errorBody(error), status as 400);
}

export const onHttpError = (error: Error, c: Context): Response => errorResponse(c, error);
