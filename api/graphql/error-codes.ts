/** HubError → GraphQLError with `extensions.code`, for any yoga `maskedErrors.maskError`. */
import { GraphQLError } from "graphql";
import { isHubError } from "../../core/errors.js";

/** The HubError behind a resolver error, if any (GraphQL wraps thrown errors). */
export function hubErrorOf(error: unknown) {
  const original = error instanceof GraphQLError ? error.originalError : error;
  return isHubError(original) ? original : undefined;
}

/** Keeps HubErrors' message, code and hint; masks anything else (no SQL, no stack). */
export function maskProvenanceError(error: unknown, message: string): Error {
  const hub = hubErrorOf(error);
  if (hub && error instanceof GraphQLError) {
    return new GraphQLError(hub.message, { nodes: error.nodes, path: error.path, extensions: { code: hub.code, ...(hub.hint ? { hint: hub.hint } : {}) } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error;
  return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
}
