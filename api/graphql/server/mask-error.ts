/**
 * Yoga's error mask for the provenance API: a HubError keeps its message, `code`, `hint` and an
 * HTTP status; GraphQL's own errors (parse, validation, limits) keep theirs; anything else
 * (a SQL error, a bug) becomes INTERNAL with a fixed message and is logged here with its cause,
 * so SQL, stack traces and file paths never reach a client.
 */
import { GraphQLError } from "graphql";
import { createGraphQLError, maskError as yogaMaskError, type MaskError } from "graphql-yoga";
import { isHubError, type HubError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import { ApiRequestError, statusOfCode } from "./error-codes.js";

/** graphql-js's messages for variables it could not coerce (getVariableValues). */
const VARIABLE_COERCION = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type)/;

export const INTERNAL_ERROR_MESSAGE = "Unexpected error; the server logged it.";

/** The HubError behind an error, however deep GraphQL wrapped it. */
function hubErrorBehind(error: unknown): HubError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    if (isHubError(current)) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}

export function hubErrorExtensions(error: HubError): Record<string, unknown> {
  const status = error instanceof ApiRequestError ? error.status : statusOfCode(error.code);
  return { code: error.code, ...(error.hint ? { hint: error.hint } : {}), ...(status === 200 ? {} : { http: { status } }) };
}

export function createMaskError(logger: Logger): MaskError {
  return (error, message, isDev) => {
    const hubError = hubErrorBehind(error);
    const located = error instanceof GraphQLError ? error : undefined;
    if (hubError) {
      return createGraphQLError(hubError.message, {
        nodes: located?.nodes,
        source: located?.source,
        positions: located?.positions,
        path: located?.path,
        extensions: hubErrorExtensions(hubError),
      });
    }
    const masked = yogaMaskError(error, message, isDev);
    if (!(masked instanceof GraphQLError)) return masked;
    const code = masked.extensions.code;
    if (code === "INTERNAL_SERVER_ERROR" || (code === undefined && masked !== error)) {
      logger.error({ err: error }, "unexpected error while answering a GraphQL request");
      return createGraphQLError(INTERNAL_ERROR_MESSAGE, { nodes: masked.nodes, source: masked.source, positions: masked.positions, path: masked.path, extensions: { code: "INTERNAL" } });
    }
    // Yoga attaches the JSON parser's message to BAD_REQUEST; the code and message say enough.
    const { originalError: _originalError, ...extensions } = masked.extensions as Record<string, unknown>;
    // A variable the schema cannot take (an unknown enum value, a missing required one) is a bad
    // argument like a malformed BigInt, whose scalar already says BAD_USER_INPUT.
    if (extensions.code === undefined && VARIABLE_COERCION.test(masked.message)) extensions.code = "BAD_USER_INPUT";
    // A GraphQLError raised on purpose without a code is still the client's problem.
    extensions.code ??= "BAD_REQUEST";
    return new GraphQLError(masked.message, { nodes: masked.nodes, source: masked.source, positions: masked.positions, path: masked.path, extensions });
  };
}
