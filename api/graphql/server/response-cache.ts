/**
 * Whole responses cached by the block they answer for: the key holds the indexed head (its
 * hash, from `answeredBlockKey`), so a new block or a reorg (a new hash at a height) misses by
 * itself, and `invalidate()` drops everything at once for a caller that learns of a reorg
 * another way. Results with errors are never cached (the plugin's default).
 */
import { createInMemoryCache, hashSHA256, useResponseCache } from "@graphql-yoga/plugin-response-cache";
import type { Plugin } from "graphql-yoga";

export type ResponseCacheOptions = {
  enabled: boolean;
  /** A string that changes whenever the answer may: the indexed head block's hash. */
  answeredBlockKey?: (request: Request) => string | Promise<string>;
  /** Upper bound on an entry's life even while the head stands still. */
  ttlMs: number;
  maxEntries: number;
  /**
   * Schema coordinates (`Query.analytics`) whose answers follow something other than the
   * indexed head (the analytics sink): a response that selects one is never cached.
   */
  uncachedFields?: readonly string[];
};

export const DEFAULT_RESPONSE_CACHE: ResponseCacheOptions = { enabled: true, ttlMs: 60_000, maxEntries: 10_000 };

export type ResponseCache = { plugin: Plugin | undefined; invalidate(): void };

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  let generation = 0;
  if (!options.enabled) return { plugin: undefined, invalidate: () => undefined };
  const answeredBlockKey = options.answeredBlockKey ?? (() => "");
  const plugin = useResponseCache({
    cache: createInMemoryCache({ max: options.maxEntries }),
    ttl: options.ttlMs,
    // Never cached (ttl 0): the configured fields, and report exports, which may need an API
    // key: the one cache for every client would hand a keyed answer to a client without it.
    ttlPerSchemaCoordinate: Object.fromEntries([...(options.uncachedFields ?? []), "Query.report"].map((field) => [field, 0])),
    // The provenance data is public: one cache for every client.
    session: () => null,
    // A client asking for a fresh answer (`Cache-Control: no-cache`) gets one.
    enabled: (request) => !/\bno-cache\b/i.test(request.headers.get("cache-control") ?? ""),
    includeExtensionMetadata: false,
    async buildResponseCacheKey({ documentString, variableValues, operationName, request }) {
      const block = await answeredBlockKey(request);
      // Variables arrive coerced: BigInt scalars are bigints, which JSON.stringify refuses.
      const variables = JSON.stringify(variableValues ?? {}, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
      // Hashed: the plugin sends the key as the response's ETag, and a header holds no newlines.
      return hashSHA256(`${generation}|${block}|${operationName ?? ""}|${variables}|${documentString}`);
    },
  }) as Plugin;
  return {
    plugin,
    invalidate() {
      generation++;
    },
  };
}
