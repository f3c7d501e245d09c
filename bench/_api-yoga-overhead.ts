/**
 * In-process cost of one GraphQL request (no HTTP, no database): a bare graphql-yoga against the
 * hardened provenance server (limits, error mask, response cache, rate limit, metrics), over a
 * one-field schema. Cited in the README's bench/api section. Run: npx tsx bench/_api-yoga-overhead.ts
 */
import { createSchema, createYoga } from "graphql-yoga";
import { Registry } from "prom-client";
import { createProvenanceServer } from "../api/graphql/server/create-server.js";

const schema = createSchema({ typeDefs: `type Query { node(id: ID!): Node } type Node { id: ID! }`, resolvers: { Query: { node: (_: unknown, { id }: { id: string }) => ({ id }) } } });
const body = JSON.stringify({ query: `{ node(id: "1") { id } }` });
const request = () => new Request("http://bench/graphql", { method: "POST", headers: { "content-type": "application/json" }, body });

async function perRequestMs(fetcher: (r: Request) => Promise<Response> | Response, n = 3000): Promise<number> {
  for (let i = 0; i < 300; i++) await (await fetcher(request())).text();
  const started = performance.now();
  for (let i = 0; i < n; i++) await (await fetcher(request())).text();
  return (performance.now() - started) / n;
}

const bare = createYoga({ schema, graphqlEndpoint: "/graphql", logging: false });
const hardened = (options: object) => createProvenanceServer({ schema, context: async () => ({}), ...options }).app;
const rows: [string, number][] = [
  ["bare graphql-yoga", await perRequestMs((r) => bare.fetch(r))],
  ["hardened, defaults", await perRequestMs(hardened({}).fetch)],
  ["hardened + metrics", await perRequestMs(hardened({ metrics: new Registry() }).fetch)],
  ["hardened, no response cache", await perRequestMs(hardened({ responseCache: { enabled: false } }).fetch)],
  ["hardened, no cache, no rate limit", await perRequestMs(hardened({ rateLimit: false, responseCache: { enabled: false } }).fetch)],
];
for (const [name, ms] of rows) console.log(`${name.padEnd(36)} ${ms.toFixed(3)} ms/request`);
