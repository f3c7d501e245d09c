/**
 * An oversized body gets its 413 over a real socket, served as Ponder serves the hub (Hono on
 * @hono/node-server), and not a connection reset: the refused body is drained (bounded) before
 * the answer. The reset itself was seen only under load (test/api/bad-input.test.ts, one run of
 * two test files at once); these tests do not reproduce it on a quiet machine, they hold the
 * answers the drain must keep.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { ApiRequestError } from "./error-codes.js";
import { readBodyCapped } from "./request-body.js";

const CAP = 1024;
let server: ServerType;
let url: string;

before(async () => {
  const app = new Hono();
  app.post("/capped", async (c) => {
    try {
      const body = await readBodyCapped(c.req.raw, CAP);
      return c.json({ bytes: body?.byteLength ?? 0 });
    } catch (error) {
      if (error instanceof ApiRequestError) return c.json({ code: error.code }, 413);
      throw error;
    }
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/capped`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("a body under the cap is read whole", async () => {
  const res = await fetch(url, { method: "POST", body: "x".repeat(CAP) });
  assert.deepEqual(await res.json(), { bytes: CAP });
});

/** A body that arrives in 64 KiB pieces with a pause between them, as from a slow or busy client. */
function slowBody(bytes: number): ReadableStream<Uint8Array> {
  const piece = new Uint8Array(64 * 1024).fill(120);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= bytes) return controller.close();
      await new Promise((r) => setTimeout(r, 2));
      controller.enqueue(piece);
      sent += piece.byteLength;
    },
  });
}

test("an oversized body, declared or chunked, fast or slow, answers 413 PAYLOAD_TOO_LARGE every time, never a reset", async () => {
  const big = new Uint8Array(8 * 1024 * 1024).fill(120);
  for (let i = 0; i < 5; i++) {
    const declared = await fetch(url, { method: "POST", body: big });
    assert.equal(declared.status, 413);
    assert.deepEqual(await declared.json(), { code: "PAYLOAD_TOO_LARGE" });
    for (const headers of [{ "content-length": String(2 * 1024 * 1024) }, undefined]) {
      const slow = await fetch(url, { method: "POST", headers, body: slowBody(2 * 1024 * 1024), duplex: "half" } as RequestInit);
      assert.equal(slow.status, 413);
      assert.deepEqual(await slow.json(), { code: "PAYLOAD_TOO_LARGE" });
    }
  }
});
