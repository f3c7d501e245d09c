/**
 * A GraphQL-over-HTTP error response written outside yoga (body too large, rate limited,
 * timed out, refused by the guard in front of Ponder): the same shape and media type yoga
 * answers with, so clients handle one format.
 */
import type { ApiRequestError } from "./error-codes.js";

export const GRAPHQL_RESPONSE_MEDIA_TYPE = "application/graphql-response+json";

/** `application/graphql-response+json` unless the client asked for plain JSON only. */
export function responseMediaType(accept: string | null): string {
  if (!accept || accept.includes(GRAPHQL_RESPONSE_MEDIA_TYPE) || accept.includes("*/*")) return GRAPHQL_RESPONSE_MEDIA_TYPE;
  return accept.includes("application/json") ? "application/json" : GRAPHQL_RESPONSE_MEDIA_TYPE;
}

export function graphqlErrorResponse(error: ApiRequestError, request: Request, headers: Record<string, string> = {}): Response {
  const extensions: Record<string, unknown> = { code: error.code };
  if (error.hint) extensions.hint = error.hint;
  if (error.details) Object.assign(extensions, error.details);
  return new Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
    status: error.status,
    headers: { "content-type": `${responseMediaType(request.headers.get("accept"))}; charset=utf-8`, ...headers },
  });
}
