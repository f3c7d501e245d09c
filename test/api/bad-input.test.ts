/**
 * Bad input, end to end against a real hub (Ponder serving api/app.ts over the small
 * simulation on the Postgres server): each malicious or malformed request gets a status below
 * 500 (or the one GraphQL over HTTP asks), a stable `extensions.code`, no internals, and the
 * server answers a good query right after. On /ponder/graphql (Ponder's generated API behind the
 * guard) and on /graphql.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startSimulatedDevnet, type SimulatedDevnet } from "../_setup/simulated-devnet.js";
import { startTestIndexer, type TestIndexer } from "../_setup/ponder-indexer.js";
import { badInputCases, keyedMutationOf, MUTATION_INTROSPECTION, type BadInputCase } from "./_bad-input-cases.js";

type Answer = { status: number; text: string; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | undefined };

async function send(url: string, body: string, headers: Record<string, string> = {}, getQuery?: string): Promise<Answer> {
  const accept = { accept: "application/graphql-response+json, application/json" };
  const res = getQuery
    ? await fetch(`${url}?query=${encodeURIComponent(getQuery)}`, { headers: { ...accept, ...headers } })
    : await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...accept, ...headers }, body });
  const text = await res.text();
  let parsed: Answer["body"];
  try {
    parsed = JSON.parse(text) as Answer["body"];
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, body: parsed };
}

/** What must never reach a client: SQL, stack frames, file paths. */
const INTERNALS = /\b(SELECT|INSERT|relation "|syntax error at|column ")|\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+/;

describe("bad input on a live hub", () => {
  let sim: SimulatedDevnet;
  let indexer: TestIndexer;

  before(async () => {
    sim = await startSimulatedDevnet({ seed: "bad-input", scale: "small" });
    indexer = await startTestIndexer({ deploymentFile: sim.deploymentFile, store: "postgres" });
    await indexer.ponder.waitForBlock(sim.result.lastBlock, 120_000);
  });
  after(async () => {
    await indexer?.dispose();
    await sim?.stop();
  });

  for (const endpoint of ["/ponder/graphql", "/graphql"] as const) {
    test(`${endpoint}: every bad request is refused with its code and the server keeps serving`, async () => {
      const url = `${indexer.ponder.url}${endpoint}`;
      const introspected = await send(url, JSON.stringify({ query: MUTATION_INTROSPECTION }));
      const mutationFields = (introspected.body?.data as { __schema?: { mutationType: { fields: Parameters<typeof keyedMutationOf>[0] } | null } } | undefined)?.__schema?.mutationType?.fields;
      const cases: BadInputCase[] = badInputCases(endpoint, { mutation: keyedMutationOf(mutationFields) });
      const good = cases.find((c) => c.name === "good")!;
      for (const c of cases) {
        const answer = await send(url, c.body, c.headers, c.get);
        const code = answer.body?.errors?.[0]?.extensions?.code;
        const seen = `${c.name}: ${answer.status} ${answer.text.slice(0, 300)}`;
        assert.ok(answer.status < 500, seen);
        if (c.status !== undefined) assert.equal(answer.status, c.status, seen);
        assert.equal(code, c.code, seen);
        assert.doesNotMatch(answer.text.slice(0, 20_000), INTERNALS, seen);
        c.check?.(answer.body);
        const after = await send(url, good.body);
        assert.equal(after.status, 200, `after ${c.name}: ${after.text.slice(0, 300)}`);
        assert.equal(after.body?.errors, undefined, `after ${c.name}: ${after.text.slice(0, 300)}`);
      }
    });
  }
});
