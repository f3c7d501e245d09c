/**
 * Ponder's generated GraphQL (`graphql({ db, schema })` from ponder) at /ponder/graphql, behind
 * the same limits as /graphql. Ponder's own guards allow depth 100, and a 742-byte query nested
 * 15 deep took it to 5 GB and out of memory: here every query is parsed once (tokens counted),
 * validated against Ponder's schema with the armor rules, its row fan-out bounded with its
 * variables and its cursors checked, before Ponder sees it. Errors Ponder answers are given
 * codes, and its internal ones (SQL) are masked.
 */
import { buildClientSchema, getIntrospectionQuery, getOperationAST, GraphQLError, Kind, parse, specifiedRules, validate, visit, type DocumentNode, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { Hono, type MiddlewareHandler } from "hono";
import type { Logger } from "../../../core/logger.js";
import { ApiRequestError } from "./error-codes.js";
import { guardGraphqlEndpoint, type HttpGuardParameters } from "./http-guard.js";
import type { QueryLimits } from "./limits.js";
import { INTERNAL_ERROR_MESSAGE } from "./mask-error.js";
import { fanOutRefusal, queryLimitRules } from "./query-limits.js";

/** Ponder's execution errors that describe the request (its resolvers throw plain Errors). */
const PONDER_USER_ERRORS = /^(Invalid limit|Invalid query|Cannot specify both|Unknown column|Invalid value kind|Variable "|Argument ")/;

export type PonderGuardParameters = Omit<HttpGuardParameters, "endpoint"> & {
  /** `graphql({ db, schema })` from ponder. */
  ponder: MiddlewareHandler;
  limits: QueryLimits;
  /** Let GET through to Ponder's GraphiQL page (development). */
  graphiql: boolean;
};

type GraphqlBody = { query?: unknown; variables?: unknown; operationName?: unknown };
type Checked = { document: DocumentNode } | { refusal: ApiRequestError };

export function guardPonderGraphql(parameters: PonderGuardParameters): Hono {
  const inner = new Hono();
  inner.use("*", parameters.ponder);
  let schema: Promise<GraphQLSchema> | undefined;
  const ponderSchema = () => (schema ??= introspect(inner).catch((error: unknown) => ((schema = undefined), Promise.reject(error))));
  const checked = new Map<string, Checked>();
  const check = async (query: string): Promise<Checked> => {
    const known = checked.get(query);
    if (known) return known;
    const result = checkDocument(query, await ponderSchema(), parameters.limits);
    if (checked.size >= 1_000) checked.delete(checked.keys().next().value!);
    checked.set(query, result);
    return result;
  };

  const guard = guardGraphqlEndpoint({ ...parameters, endpoint: "ponder" }, async (request, body) => {
    if (request.method === "GET") {
      if (parameters.graphiql) return inner.fetch(request);
      throw new ApiRequestError("METHOD_NOT_ALLOWED", "Ponder's GraphQL answers POST only", { hint: "POST a JSON body { query, variables }" });
    }
    const started = performance.now();
    const payload = parseBody(body);
    const result = await check(payload.query);
    if ("refusal" in result) throw result.refusal;
    const variables = (payload.variables ?? null) as Record<string, unknown> | null;
    const refusal = fanOutRefusal(await ponderSchema(), result.document, { operationName: payload.operationName, variables }, parameters.limits) ?? cursorRefusal(result.document, variables);
    if (refusal) throw refusal;
    const response = await inner.fetch(new Request("http://ponder/", { method: "POST", headers: request.headers, body: body as BodyInit, signal: request.signal }));
    const coded = await withCodedErrors(response, parameters.logger, (code) => parameters.metrics?.countError("ponder", code));
    // Refusals above are counted by the guard; what Ponder ran is timed here, as /graphql's are.
    const operation = payload.operationName ?? getOperationAST(result.document, payload.operationName)?.name?.value;
    parameters.metrics?.observe("ponder", operation, (performance.now() - started) / 1000);
    return coded;
  });
  const app = new Hono();
  app.on(["GET", "POST", "OPTIONS"], "/", guard);
  return app;
}

function parseBody(body: Uint8Array | undefined): { query: string; variables?: unknown; operationName?: string } {
  let payload: GraphqlBody;
  try {
    payload = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array())) as GraphqlBody;
  } catch (cause) {
    throw new ApiRequestError("BAD_REQUEST", "the body is not JSON", { hint: "POST { \"query\": \"…\", \"variables\": {…} } as application/json", cause });
  }
  if (typeof payload?.query !== "string") throw new ApiRequestError("BAD_REQUEST", "Must provide query string.", { hint: "POST { \"query\": \"…\" }" });
  if (payload.variables != null && typeof payload.variables !== "object") throw new ApiRequestError("BAD_REQUEST", "variables must be an object");
  return { query: payload.query, variables: payload.variables, operationName: typeof payload.operationName === "string" ? payload.operationName : undefined };
}

function checkDocument(query: string, schema: GraphQLSchema, limits: QueryLimits): Checked {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : "the query does not parse";
    const tooLong = /contains more th\w+ \d+ tokens/.test(message);
    return { refusal: new ApiRequestError(tooLong ? "QUERY_TOO_COMPLEX" : "GRAPHQL_PARSE_FAILED", message) };
  }
  try {
    const errors = validate(schema, document, [...specifiedRules, ...queryLimitRules(limits)]);
    if (errors.length > 0) {
      const tooComplex = errors.some((e) => e.extensions.code === "QUERY_TOO_COMPLEX");
      return { refusal: new ApiRequestError(tooComplex ? "QUERY_TOO_COMPLEX" : "GRAPHQL_VALIDATION_FAILED", errors.map((e) => e.message).join("; ").slice(0, 1_000)) };
    }
  } catch (error) {
    // The armor rules throw their refusal (propagateOnRejection).
    if (error instanceof GraphQLError && error.extensions.code === "QUERY_TOO_COMPLEX") return { refusal: new ApiRequestError("QUERY_TOO_COMPLEX", error.message) };
    throw error;
  }
  return { document };
}

/** Ponder's cursors are base64 of superjson; anything else would reach its SQL. */
function cursorRefusal(document: DocumentNode, variables: Record<string, unknown> | null): ApiRequestError | undefined {
  let refusal: ApiRequestError | undefined;
  visit(document, {
    Argument(node) {
      if (node.name.value !== "after" && node.name.value !== "before") return;
      const value = node.value.kind === Kind.STRING ? node.value.value : node.value.kind === Kind.VARIABLE ? variables?.[node.value.name.value] : undefined;
      if (typeof value === "string" && !isPonderCursor(value)) refusal ??= new ApiRequestError("BAD_USER_INPUT", `${node.name.value}: "${value.slice(0, 40)}" is not a cursor this API issued`, { hint: "pass pageInfo.endCursor / startCursor from an earlier page" });
    },
  });
  return refusal;
}

function isPonderCursor(cursor: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return false;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64").toString()) as { json?: unknown };
    return typeof decoded === "object" && decoded !== null && typeof decoded.json === "object" && decoded.json !== null;
  } catch {
    return false;
  }
}

async function introspect(inner: Hono): Promise<GraphQLSchema> {
  const res = await inner.fetch(new Request("http://ponder/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: getIntrospectionQuery() }) }));
  const body = (await res.json()) as { data?: IntrospectionQuery };
  if (!body.data) throw new ApiRequestError("UNAVAILABLE", "Ponder's GraphQL schema could not be read", { hint: "the indexer's API may still be starting; retry" });
  return buildClientSchema(body.data);
}

type PonderAnswer = { data?: unknown; errors?: { message: string; path?: unknown; locations?: unknown; extensions?: Record<string, unknown> }[] };

/** Ponder's errors with our codes; internal ones (SQL, bugs) logged and masked. */
async function withCodedErrors(response: Response, logger: Logger, countCode: (code: string) => void): Promise<Response> {
  const text = await response.text();
  let answer: PonderAnswer;
  try {
    answer = JSON.parse(text) as PonderAnswer;
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  if (!answer.errors?.length) return new Response(text, { status: response.status, headers: response.headers });
  answer.errors = answer.errors.map((error) => {
    const code = error.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return error;
    if (code === undefined && PONDER_USER_ERRORS.test(error.message)) return { ...error, extensions: { code: "BAD_USER_INPUT" } };
    logger.error({ ponderError: error.message, path: error.path }, "Ponder's GraphQL failed a request");
    return { message: INTERNAL_ERROR_MESSAGE, path: error.path, locations: error.locations, extensions: { code: "INTERNAL" } };
  });
  for (const error of answer.errors) countCode(String(error.extensions?.code ?? "INTERNAL"));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(answer), { status: response.status, headers });
}

