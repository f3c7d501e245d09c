/**
 * The bad requests of issue 11's acceptance, as they read on each endpoint: Ponder's generated
 * schema (plural lists with `limit`, `items` pages) and the provenance schema.
 */
import assert from "node:assert/strict";

export type BadInputCase = {
  name: string;
  body: string;
  headers?: Record<string, string>;
  /** The HTTP status; undefined: any status below 500. */
  status?: number;
  /** extensions.code of the first error; undefined: no error at all. */
  code: string | undefined;
  check?: (body: unknown) => void;
  /** Send this query over GET instead of the POST body. */
  get?: string;
};

const q = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

/** `datanet { contributions { items { datanet { … } } } }`, `depth` selections deep. */
export function ponderNested(depth: number): string {
  let open = "";
  let close = "";
  let level = 1;
  let onDatanet = true;
  while (level < depth - 1) {
    if (onDatanet) {
      open += "contributions { items { ";
      close = " } }" + close;
      level += 2;
    } else {
      open += "datanet { ";
      close = " }" + close;
      level += 1;
    }
    onDatanet = !onDatanet;
  }
  return `{ datanets { items { ${open}id${close} } } }`;
}

function ponderCases(): BadInputCase[] {
  return [
    { name: "good", body: q("{ datanets(limit: 2) { items { id name } totalCount } }"), status: 200, code: undefined },
    { name: "nested 15 deep", body: q(ponderNested(15)), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "nested 50 deep", body: q(ponderNested(50)), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "malformed query", body: q("{ datanets { items { id "), status: 400, code: "GRAPHQL_PARSE_FAILED" },
    { name: "unknown field", body: q("{ datanets { items { colour } } }"), status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
    {
      name: "depth bomb through fragments",
      body: q(`{ datanets { items { ...A } } } fragment A on datanet { contributions { items { ...B } } } fragment B on contribution { datanet { contributions { items { datanet { contributions { items { datanet { contributions { items { id } } } } } } } } } }`),
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    { name: "alias bomb", body: q(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: datanets { totalCount }`).join(" ")} }`), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "token bomb", body: q(`{ datanets { items { ${"id ".repeat(3_000)} } } }`), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "5 MB body", body: q(`{ datanets(where: { name: "${"x".repeat(5 * 1024 * 1024)}" }) { totalCount } }`), status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "limit: 100000", body: q("{ inferences(limit: 100000) { items { id } } }"), status: 400, code: "BAD_USER_INPUT" },
    { name: "fan-out through variables", body: q("query($n: Int) { datanets(limit: $n) { items { contributions(limit: $n) { items { id } } } } }", { n: 1000 }), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "bad cursor", body: q(`{ inferences(after: "not-a-cursor") { items { id } } }`), status: 400, code: "BAD_USER_INPUT" },
    { name: "forged cursor", body: q(`{ inferences(after: "${Buffer.from('{"json":{"nope":1}}').toString("base64")}") { items { id } } }`), status: 200, code: undefined },
    // Ponder's hex columns are plain strings: a bad address finds nothing rather than failing.
    { name: "bad address", body: q(`{ datanets(where: { owner: "0xnot-an-address" }) { totalCount } }`), status: 200, code: undefined, check: (b) => assert.deepEqual(b, { data: { datanets: { totalCount: 0 } } }) },
    { name: "unknown id", body: q(`{ inference(id: "99999999") { id } }`), status: 200, code: undefined, check: (b) => assert.deepEqual(b, { data: { inference: null } }) },
    { name: "asOf in the future (no time travel here)", body: q(`{ datanets(asOf: { block: 99999999 }) { totalCount } }`), status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
    { name: "mutation without a key (none here)", body: q(`mutation { requestVerification(inferenceIds: ["1"]) { jobKeys } }`), status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
    { name: "not JSON", body: "{ query:", status: 400, code: "BAD_REQUEST" },
  ];
}

/** `model { trainingRuns { model { trainingRuns { … } } } }`, `depth` selections deep. */
export function provenanceNested(depth: number): string {
  const levels = Array.from({ length: depth - 2 }, (_, i) => (i % 2 === 0 ? "trainingRuns" : "model"));
  return `{ model(id: "1") { ${levels.map((l) => `${l} { `).join("")}id${" }".repeat(levels.length)} } }`;
}

/** The keyed mutation as this schema spells it (read by introspection), or undefined when it has none. */
export type KeyedMutation = { query: string } | undefined;

function provenanceCases(mutation: KeyedMutation): BadInputCase[] {
  return [
    { name: "good", body: q(`{ datanets(first: 2) { totalCount edges { node { id name evidence { blockNumber } } } } }`), status: 200, code: undefined },
    { name: "nested 15 deep", body: q(provenanceNested(15)), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "nested 50 deep", body: q(provenanceNested(50)), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "malformed query", body: q(`{ datanet(id: "1") { id `), status: 400, code: "GRAPHQL_PARSE_FAILED" },
    { name: "unknown field", body: q(`{ datanet(id: "1") { colour } }`), status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
    {
      name: "depth bomb through fragments",
      body: q(`{ model(id: "1") { ...A } } fragment A on Model { trainingRuns { ...B } } fragment B on TrainingRun { model { trainingRuns { model { trainingRuns { model { trainingRuns { model { trainingRuns { model { trainingRuns { id } } } } } } } } } } }`),
      status: 400,
      code: "QUERY_TOO_COMPLEX",
    },
    { name: "alias bomb", body: q(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: datanets { totalCount }`).join(" ")} }`), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "token bomb", body: q(`{ datanets { edges { node { ${"id ".repeat(3_000)} } } } }`), status: 400, code: "QUERY_TOO_COMPLEX" },
    { name: "5 MB body", body: q(`{ datanet(id: "${"9".repeat(5 * 1024 * 1024)}") { id } }`), status: 413, code: "PAYLOAD_TOO_LARGE" },
    { name: "first: 100000", body: q(`{ inferences(first: 100000) { edges { node { id } } } }`), status: 400, code: "BAD_USER_INPUT" },
    { name: "first: 100000 through a variable", body: q(`query($n: Int) { inferences(first: $n) { edges { node { id } } } }`, { n: 100_000 }), status: 400, code: "BAD_USER_INPUT" },
    { name: "bad cursor", body: q(`{ inferences(first: 2, after: "not-a-cursor") { edges { node { id } } } }`), code: "BAD_USER_INPUT" },
    { name: "bad address", body: q(`{ account(address: "0xnot-an-address") { address } }`), code: "BAD_USER_INPUT" },
    { name: "unknown id", body: q(`{ inference(id: "99999999") { id } }`), status: 200, code: "NOT_FOUND", check: (b) => assert.deepEqual((b as { data: unknown }).data, { inference: null }) },
    { name: "asOf a block in the future", body: q(`{ datanets(asOf: { block: "99999999" }) { totalCount } }`), code: "BAD_USER_INPUT" },
    mutation
      ? { name: "mutation without a key", body: q(mutation.query), status: 401, code: "UNAUTHENTICATED" }
      : { name: "mutation without a key (the schema has none)", body: q(`mutation { requestVerification(inferenceIds: ["1"]) { jobKeys } }`), status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
    { name: "mutation over GET", body: "", status: 405, code: "BAD_REQUEST", get: `mutation { requestVerification(inferenceIds: ["1"]) { jobKeys } }` },
    { name: "not JSON", body: "{ query:", status: 400, code: "BAD_REQUEST" },
  ];
}

export function badInputCases(endpoint: "/ponder/graphql" | "/graphql", options: { mutation: KeyedMutation }): BadInputCase[] {
  return endpoint === "/ponder/graphql" ? ponderCases() : provenanceCases(options.mutation);
}

type TypeRef = { kind: string; ofType: TypeRef | null };
type MutationField = { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef };
export const MUTATION_INTROSPECTION = `{ __schema { mutationType { fields { name args { name type { kind ofType { kind ofType { kind ofType { kind } } } } } type { kind ofType { kind ofType { kind ofType { kind } } } } } } } }`;

/** requestVerification for inference 1, with a selection that fits its return type. */
export function keyedMutationOf(fields: MutationField[] | undefined): KeyedMutation {
  const field = fields?.find((f) => f.name === "requestVerification");
  if (!field) return undefined;
  let type: TypeRef | null = field.type;
  while (type && (type.kind === "NON_NULL" || type.kind === "LIST")) type = type.ofType;
  const selection = type && ["OBJECT", "INTERFACE", "UNION"].includes(type.kind) ? " { __typename }" : "";
  const argument = field.args.some((a) => a.name === "inferenceIds") ? `(inferenceIds: ["1"])` : field.args.some((a) => a.name === "input") ? `(input: { inferenceIds: ["1"] })` : "";
  return { query: `mutation { requestVerification${argument}${selection} }` };
}
