/**
 * Who is asking: the API key a request carries (`x-api-key`, or `authorization: Bearer …`)
 * and the client's address, for rate limits and the mutations that need a key.
 */
export function apiKeyOf(headers: Headers): string | undefined {
  const key = headers.get("x-api-key") ?? /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  return key?.trim() || undefined;
}

/** Node's socket address as @hono/node-server passes it in the Hono env (Ponder serves with it). */
export function socketAddressOf(env: unknown): string | undefined {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/**
 * The rate limit's key: a known API key, else the address. `trustForwardedFor` takes the first
 * address of X-Forwarded-For, right only behind a proxy that sets it.
 */
export function rateLimitKeyOf(request: Request, env: unknown, options: { apiKeys: ReadonlySet<string>; trustForwardedFor: boolean }): string {
  const key = apiKeyOf(request.headers);
  if (key && options.apiKeys.has(key)) return `key:${key}`;
  const forwarded = options.trustForwardedFor ? request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  return `addr:${forwarded || socketAddressOf(env) || "unknown"}`;
}
