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

export function badInputCases(endpoint: "/ponder/graphql" | "/graphql"): BadInputCase[] {
  return endpoint === "/ponder/graphql" ? ponderCases() : ponderCases();
}
