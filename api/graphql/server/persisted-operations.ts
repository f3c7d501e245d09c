/**
 * Persisted operations: clients send `extensions.persistedQuery.sha256Hash` (Apollo's format)
 * instead of the query text. With `allowArbitraryOperations: false` only registered operations
 * run, which closes the API to ad-hoc queries in deployments that want that.
 */
import { createHash } from "node:crypto";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";

export type PersistedOperationsOptions = {
  /** Registered operations by their sha256 (hex) id; see persistedOperationsOf. */
  operations: ReadonlyMap<string, string>;
  allowArbitraryOperations: boolean;
};

export function persistedOperationId(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}

export function persistedOperationsOf(queries: readonly string[]): Map<string, string> {
  return new Map(queries.map((q) => [persistedOperationId(q), q]));
}

export function persistedOperationsPlugin(options: PersistedOperationsOptions): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: options.allowArbitraryOperations,
    getPersistedOperation: (key) => options.operations.get(key) ?? null,
    customErrors: {
      notFound: { message: "no persisted operation has this id", extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } } },
      keyNotFound: { message: "send extensions.persistedQuery.sha256Hash", extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
      persistedQueryOnly: { message: "this server runs persisted operations only", extensions: { code: "PERSISTED_QUERY_ONLY", http: { status: 400 } } },
    },
  }) as Plugin;
}
