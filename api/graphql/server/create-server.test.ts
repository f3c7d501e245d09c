/**
 * The server's limits, errors and HTTP behaviour over a small recursive schema built here (a
 * fixture for the limits: the provenance schema is tested with the indexer in test/api/).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GraphQLScalarType } from "graphql";
import { createSchema } from "graphql-yoga";
import { Registry } from "prom-client";
import { HubError } from "../../../core/errors.js";
import { createProvenanceServer, type CreateProvenanceServerParameters, type ServerContext } from "./create-server.js";
import { persistedOperationId, persistedOperationsOf } from "./persisted-operations.js";

type Calls = { node: number };

function fixtureSchema(calls: Calls) {
  type Ctx = ServerContext & { calls: Calls };
  const node = (id: string) => ({ id });
  const connection = (first: number | null | undefined) => ({ nodes: Array.from({ length: Math.min(first ?? 2, 3) }, (_, i) => node(String(i))) });
  return createSchema<Ctx>({
    typeDefs: /* GraphQL */ `
      scalar Big
      type Query { node(id: ID!): Node, nodes(first: Int): NodeConnection!, crash: Int, missing: Int, slow: Int, big(n: Big!): String! }
      type Node { id: ID!, parent: Node, children(first: Int): NodeConnection! }
      type NodeConnection { nodes: [Node!]! }
      type Mutation { requestVerification(id: ID!): String! }
    `,
    resolvers: {
      // Like the provenance schema's BigInt: variables arrive as bigints.
      Big: new GraphQLScalarType({ name: "Big", parseValue: (v) => BigInt(v as string), parseLiteral: (ast) => BigInt((ast as { value: string }).value), serialize: (v) => String(v) }),
      Query: {
        big: (_: unknown, { n }: { n: bigint }) => {
          calls.node++;
          return (n * 2n).toString();
        },
        node: (_: unknown, { id }: { id: string }) => {
          calls.node++;
          return node(id);
        },
        nodes: (_: unknown, { first }: { first?: number }) => connection(first),
        crash: () => {
          throw new Error('relation "hub.secret_table" does not exist at /srv/app/api/x.ts:12');
        },
        missing: () => {
          throw new HubError("NOT_FOUND", "no inference 999", { hint: "inference ids start at 1" });
        },
        slow: () => new Promise((r) => setTimeout(() => r(1), 1_000)),
      },
      Node: { parent: (n: { id: string }) => node(`${n.id}p`), children: (_: unknown, { first }: { first?: number }) => connection(first) },
      Mutation: {
        requestVerification: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
          if (!ctx.apiKeyAccepted) throw new HubError("UNAUTHENTICATED", "requestVerification needs an API key", { hint: "send x-api-key" });
          return `job:${id}`;
        },
      },
    },
  });
}

function server(overrides: Partial<CreateProvenanceServerParameters<{ calls: Calls }>> = {}) {
  const calls: Calls = { node: 0 };
  const registry = new Registry();
  const s = createProvenanceServer({ schema: fixtureSchema(calls), context: async () => ({ calls }), apiKeys: ["k1"], metrics: registry, ...overrides });
  return { ...s, calls, registry };
}

type Answer = { status: number; type: string | null; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] }; headers: Headers };

async function post(app: { fetch: (r: Request) => Response | Promise<Response> }, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const res = await app.fetch(new Request("http://hub/graphql", { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers }, body }));
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Answer["body"], headers: res.headers };
}

const codeOf = (a: Answer) => a.body.errors?.[0]?.extensions?.code;
const nested = (depth: number) => `{ ${"node(id: 1) { parent { ".slice(0, 0)}node(id: "1") ${"{ parent ".repeat(depth - 1)}{ id }${" }".repeat(depth - 1)} }`;

describe("createProvenanceServer", () => {
  const s = server();
  const good = async () => {
    const a = await post(s.app, { query: "{ node(id: \"7\") { id } }" });
    assert.equal(a.status, 200);
    assert.deepEqual(a.body.data, { node: { id: "7" } });
  };

  test("answers over POST and GET as GraphQL over HTTP says, and refuses a mutation over GET", async () => {
    await good();
    const a = await post(s.app, { query: "{ node(id: \"7\") { id } }" });
    assert.match(a.type ?? "", /^application\/graphql-response\+json/);
    const get = await s.app.fetch(new Request(`http://hub/graphql?query=${encodeURIComponent("{ node(id: \"3\") { id } }")}`, { headers: { accept: "application/graphql-response+json" } }));
    assert.equal(get.status, 200);
    assert.deepEqual(((await get.json()) as Answer["body"]).data, { node: { id: "3" } });
    const mutation = await s.app.fetch(new Request(`http://hub/graphql?query=${encodeURIComponent("mutation { requestVerification(id: \"1\") }")}`, { headers: { accept: "application/graphql-response+json" } }));
    assert.equal(mutation.status, 405);
  });

  test("refuses bad queries with a 4xx and a stable code, and keeps serving", async () => {
    const cases: [string, unknown, number, string][] = [
      ["nested 15 deep", { query: nested(15) }, 400, "QUERY_TOO_COMPLEX"],
      ["nested 50 deep", { query: nested(50) }, 400, "QUERY_TOO_COMPLEX"],
      ["malformed", { query: "{ node(id: \"1\") { id " }, 400, "GRAPHQL_PARSE_FAILED"],
      ["unknown field", { query: "{ node(id: \"1\") { colour } }" }, 400, "GRAPHQL_VALIDATION_FAILED"],
      ["alias bomb", { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: node(id: "1") { id }`).join(" ")} }` }, 400, "QUERY_TOO_COMPLEX"],
      ["token bomb", { query: `{ node(id: "1") { ${"id ".repeat(5_000)} } }` }, 400, "QUERY_TOO_COMPLEX"],
      ["fragment depth bomb", { query: `query { node(id: "1") { ...A } } fragment A on Node { parent { ...B } } fragment B on Node { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } } } }` }, 400, "QUERY_TOO_COMPLEX"],
      ["fan-out bomb", { query: "{ nodes(first: 1000) { nodes { children(first: 1000) { nodes { id } } } } }" }, 400, "QUERY_TOO_COMPLEX"],
      ["fan-out through variables", { query: "query Q($n: Int) { nodes(first: $n) { nodes { children(first: $n) { nodes { id } } } } }", variables: { n: 900 } }, 400, "QUERY_TOO_COMPLEX"],
      ["first: 100000", { query: "{ nodes(first: 100000) { nodes { id } } }" }, 400, "BAD_USER_INPUT"],
      ["not JSON", "{ query:", 400, "BAD_REQUEST"],
      ["no query", {}, 400, "BAD_REQUEST"],
    ];
    for (const [name, payload, status, code] of cases) {
      const a = await post(s.app, payload);
      assert.equal(a.status, status, `${name}: ${JSON.stringify(a.body)}`);
      assert.equal(codeOf(a), code, `${name}: ${JSON.stringify(a.body)}`);
      assert.equal(a.body.data, undefined, name);
      await good();
    }
  });

  test("refuses a 5 MB body with PAYLOAD_TOO_LARGE, declared or streamed", async () => {
    const big = JSON.stringify({ query: `{ node(id: "${"x".repeat(5 * 1024 * 1024)}") { id } }` });
    const declared = await post(s.app, big);
    assert.equal(declared.status, 413);
    assert.equal(codeOf(declared), "PAYLOAD_TOO_LARGE");
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
        controller.close();
      },
    });
    const res = await s.app.fetch(new Request("http://hub/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit));
    assert.equal(res.status, 413);
    assert.equal((((await res.json()) as Answer["body"]).errors?.[0]?.extensions?.code), "PAYLOAD_TOO_LARGE");
    await good();
  });

  test("masks internal errors, keeps HubError codes, and wants a key for mutations", async () => {
    const crash = await post(s.app, { query: "{ crash }" });
    assert.equal(codeOf(crash), "INTERNAL");
    assert.doesNotMatch(JSON.stringify(crash.body), /secret_table|\/srv|\.ts:|at /);
    const missing = await post(s.app, { query: "{ missing }" });
    assert.equal(missing.status, 200, "an execution error beside data keeps 200");
    assert.equal(codeOf(missing), "NOT_FOUND");
    assert.equal((missing.body.errors?.[0]?.extensions as { hint?: string }).hint, "inference ids start at 1");
    const anonymous = await post(s.app, { query: "mutation { requestVerification(id: \"4\") }" });
    assert.equal(codeOf(anonymous), "UNAUTHENTICATED");
    assert.equal(anonymous.status, 401);
    const keyed = await post(s.app, { query: "mutation { requestVerification(id: \"4\") }" }, { "x-api-key": "k1" });
    assert.deepEqual(keyed.body.data, { requestVerification: "job:4" });
  });

  test("rate limits each client with 429 RATE_LIMITED and Retry-After", async () => {
    const limited = server({ rateLimit: { perSecond: 0.5, burst: 3 } });
    for (let i = 0; i < 3; i++) assert.equal((await post(limited.app, { query: "{ node(id: \"1\") { id } }" })).status, 200);
    const refused = await post(limited.app, { query: "{ node(id: \"1\") { id } }" });
    assert.equal(refused.status, 429);
    assert.equal(codeOf(refused), "RATE_LIMITED");
    assert.equal(refused.headers.get("retry-after"), "2");
    const keyed = await post(limited.app, { query: "{ node(id: \"1\") { id } }" }, { "x-api-key": "k1" });
    assert.equal(keyed.status, 200, "a client with its own key has its own bucket");
    const fromThisMachine = { incoming: { socket: { remoteAddress: "127.0.0.1" } } };
    const local = () => limited.app.fetch(new Request("http://hub/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ node(id: \"1\") { id } }" }) }), fromThisMachine);
    for (let i = 0; i < 5; i++) assert.equal((await local()).status, 200, "loopback clients are not limited by default");
  });

  test("times a request out with TIMEOUT", async () => {
    const quick = server({ http: { requestTimeoutMs: 100 } });
    const a = await post(quick.app, { query: "{ slow }" });
    assert.equal(a.status, 503);
    assert.equal(codeOf(a), "TIMEOUT");
  });

  test("answers CORS preflights", async () => {
    const res = await s.app.fetch(new Request("http://hub/graphql", { method: "OPTIONS", headers: { origin: "https://explorer.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" } }));
    assert.ok(res.status < 300);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-methods") ?? "", /POST/);
  });

  test("caches responses per answered block and drops them on a new head or invalidate()", async () => {
    let head = "0xaa";
    const cached = server({ responseCache: { answeredBlockKey: () => head } });
    const ask = () => post(cached.app, { query: "{ node(id: \"5\") { id } }" });
    await ask();
    await ask();
    assert.equal(cached.calls.node, 1, "the second answer came from the cache");
    head = "0xbb";
    await ask();
    assert.equal(cached.calls.node, 2, "a new head misses");
    cached.invalidateResponseCache();
    await ask();
    assert.equal(cached.calls.node, 3, "invalidate() drops every entry");
    await post(cached.app, { query: "query($id: ID!) { node(id: $id) { id } }", variables: { id: "5" } });
    assert.equal(cached.calls.node, 4, "variables are part of the key");
    await post(cached.app, { query: "{ node(id: \"5\") { id } }" }, { "cache-control": "no-cache" });
    assert.equal(cached.calls.node, 5, "Cache-Control: no-cache asks for a fresh answer");
    const big = () => post(cached.app, { query: "query($n: Big!) {\n  big(n: $n)\n}", variables: { n: "21" } });
    assert.deepEqual((await big()).body.data, { big: "42" });
    assert.deepEqual((await big()).body.data, { big: "42" });
    assert.equal(cached.calls.node, 6, "bigint variables key the cache too");
  });

  test("runs persisted operations, and only those when arbitrary ones are off", async () => {
    const query = "{ node(id: \"9\") { id } }";
    const closed = server({ persistedOperations: { operations: persistedOperationsOf([query]), allowArbitraryOperations: false } });
    const byId = await post(closed.app, { extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperationId(query) } } });
    assert.deepEqual(byId.body.data, { node: { id: "9" } });
    const arbitrary = await post(closed.app, { query });
    assert.equal(arbitrary.status, 400);
    assert.equal(codeOf(arbitrary), "PERSISTED_QUERY_ONLY");
    const unknown = await post(closed.app, { extensions: { persistedQuery: { version: 1, sha256Hash: "00".repeat(32) } } });
    assert.equal(codeOf(unknown), "PERSISTED_QUERY_NOT_FOUND");
  });

  test("can refuse introspection", async () => {
    const open = await post(s.app, { query: "{ __schema { queryType { name } } }" });
    assert.equal(open.status, 200);
    const closed = await post(server({ introspection: false }).app, { query: "{ __schema { queryType { name } } }" });
    assert.equal(codeOf(closed), "GRAPHQL_VALIDATION_FAILED");
  });

  test("counts latency by operation and errors by code on the registry it is given", async () => {
    await post(s.app, { query: "query ModelLineage { node(id: \"1\") { id } }", operationName: "ModelLineage" });
    const text = await s.registry.metrics();
    assert.match(text, /hub_graphql_request_duration_seconds_count\{endpoint="graphql",operation="ModelLineage"\} 1/);
    // named in the document only: the label is still the operation's name
    await post(s.app, { query: "query NodeById { node(id: \"2\") { id } }" });
    assert.match(await s.registry.metrics(), /hub_graphql_request_duration_seconds_count\{endpoint="graphql",operation="NodeById"\} 1/);
    assert.match(text, /hub_graphql_errors_total\{endpoint="graphql",code="QUERY_TOO_COMPLEX"\} \d+/);
    assert.match(text, /hub_graphql_errors_total\{endpoint="graphql",code="PAYLOAD_TOO_LARGE"\} 2/);
  });
});
