/**
 * The API's stable error codes (`extensions.code`) and the HTTP status each maps to. Codes of
 * errors raised while executing (NOT_FOUND on one field of several) keep 200, as GraphQL over
 * HTTP asks when a response carries `data`; request-level refusals get a 4xx.
 */
import { HubError, type HubErrorOptions } from "../../../core/errors.js";

export const API_ERROR_STATUS = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PERSISTED_QUERY_ONLY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 200,
  SERVICE_UNAVAILABLE: 200,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  TIMEOUT: 503,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The HTTP status for a code; codes the table does not know are treated as bad input. */
export function statusOfCode(code: string): number {
  return (API_ERROR_STATUS as Record<string, number>)[code] ?? 400;
}

/** A refusal of the request itself (body, rate, time, limits), raised outside execution. */
export class ApiRequestError extends HubError {
  readonly status: number;
  constructor(code: ApiErrorCode, message: string, options: HubErrorOptions & { status?: number } = {}) {
    super(code, message, options);
    this.status = options.status ?? statusOfCode(code);
  }
}
