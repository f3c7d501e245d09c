/**
 * The query limits, configured once and applied in two places: as yoga plugins on /graphql
 * and as plain validation in front of Ponder's /ponder/graphql. Every refusal carries
 * QUERY_TOO_COMPLEX (or BAD_USER_INPUT for a page above the cap) and a 400.
 */
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { GraphQLArmorCallbackConfiguration } from "@escape.tech/graphql-armor-types";
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import type { Plugin } from "graphql-yoga";
import { ApiRequestError } from "./error-codes.js";
import type { QueryLimits } from "./limits.js";
import { listFanOut } from "./list-fan-out.js";
import { KnownRootOperationRule } from "./root-operation-rule.js";

const TOO_COMPLEX_HINT = "ask for fewer levels, aliases or rows (smaller `first`), or split the query";

/** Armor's errors carry no code: give every refusal ours and a 400 before it is thrown. */
function tagRejections(): GraphQLArmorCallbackConfiguration {
  return {
    onReject: [
      (_context, error) => {
        const extensions = error.extensions as Record<string, unknown>;
        extensions.code = "QUERY_TOO_COMPLEX";
        extensions.hint = TOO_COMPLEX_HINT;
        extensions.http = { status: 400 };
      },
    ],
    propagateOnRejection: true,
  };
}

/**
 * Depth, aliases, directives and cost as validation rules (tokens are counted while parsing),
 * and the refusal of operations the schema has no root type for.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    KnownRootOperationRule,
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...tagRejections() }),
    maxAliasesRule({ n: limits.maxAliases, ...tagRejections() }),
    maxDirectivesRule({ n: limits.maxDirectives, ...tagRejections() }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true, ...tagRejections() }),
  ];
}

/** The rows check, as an error to raise, or undefined when the query may run. */
export function fanOutRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
  limits: QueryLimits,
): ApiRequestError | undefined {
  const fanOut = listFanOut(schema, document, { ...request, limits });
  if (fanOut.oversizedPage) {
    const { field, argument, size } = fanOut.oversizedPage;
    return new ApiRequestError("BAD_USER_INPUT", `${field}(${argument}: ${size}) asks for more than ${limits.maxPageSize} rows in one page`, {
      hint: `page through with ${argument} of at most ${limits.maxPageSize} and the page's cursor`,
    });
  }
  if (fanOut.rows > limits.maxListFanOut) {
    return new ApiRequestError("QUERY_TOO_COMPLEX", `the query could fetch ${fanOut.rows} rows; the limit is ${limits.maxListFanOut}`, { hint: TOO_COMPLEX_HINT });
  }
  return undefined;
}

/** Yoga plugins enforcing the limits on /graphql. */
export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  const rules = queryLimitRules(limits);
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...tagRejections() }) as Plugin,
    { onValidate: ({ addValidationRule }) => rules.forEach((rule) => addValidationRule(rule)) },
    {
      onExecute({ args }) {
        const refusal = fanOutRefusal(args.schema, args.document, { operationName: args.operationName, variables: args.variableValues as Record<string, unknown> | null }, limits);
        if (refusal) throw refusal;
      },
      // A subscription's events are executed without onExecute: the same bound, once, up front.
      onSubscribe({ args }) {
        const refusal = fanOutRefusal(args.schema, args.document, { operationName: args.operationName, variables: args.variableValues as Record<string, unknown> | null }, limits);
        if (refusal) throw refusal;
      },
    },
  ];
}

export function isQueryTooComplex(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === "QUERY_TOO_COMPLEX";
}
