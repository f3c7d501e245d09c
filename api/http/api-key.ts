/**
 * The API key a request carries: `x-api-key`, or `authorization: Bearer …`. The one reader for
 * every keyed surface (the GraphQL mutations and rate limit, /sql, report exports), so a client
 * that presents its key one way is understood the same way everywhere.
 */
export function apiKeyOf(headers: Headers): string | undefined {
  const key = headers.get("x-api-key") ?? /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  return key?.trim() || undefined;
}
