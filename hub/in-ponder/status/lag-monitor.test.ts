import assert from "node:assert/strict";
import { test } from "node:test";
import { createLagMonitor, type LagProbes } from "./lag-monitor.js";

function world() {
  const s = { head: 100n, indexer: 100n as bigint | undefined, sink: 100n as bigint | undefined, replayBlock: 100n as bigint | undefined, backlog: 0, t: 0, chainDown: false };
  const probes: LagProbes = {
    chainHead: async () => {
      if (s.chainDown) throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
      return { block: s.head, timestamp: Number(s.head) * 12 };
    },
    indexer: async () => s.indexer,
    sink: async () => s.sink,
    replay: async () => ({ block: s.replayBlock, backlog: s.backlog }),
    blockTimestamp: async (b) => Number(b) * 12,
  };
  return { s, monitor: createLagMonitor({ probes, stallAfterSeconds: 30, now: () => s.t * 1000 }) };
}

test("lag is measured against the chain head, in blocks and block-time seconds", async () => {
  const { s, monitor } = world();
  s.head = 110n;
  const f = await monitor.figures();
  assert.equal(f.chain?.head, "110");
  const indexer = f.components.find((c) => c.component === "indexer")!;
  assert.equal(indexer.lagBlocks, 10);
  assert.equal(indexer.lagSeconds, 120);
  assert.equal(f.ready, true, "behind but not yet stalled");
});

test("an indexer whose block does not move while the head does is stalled, and readiness says why", async () => {
  const { s, monitor } = world();
  await monitor.figures();
  s.head = 105n;
  s.t = 20;
  assert.equal((await monitor.figures()).ready, true);
  s.head = 120n;
  s.t = 45;
  const f = await monitor.figures();
  const indexer = f.components.find((c) => c.component === "indexer")!;
  assert.equal(indexer.stalled, true);
  assert.equal(indexer.lagBlocks, 20);
  assert.equal(f.ready, false);
  assert.match(f.notReady.join("\n"), /indexer stalled: 20 blocks behind/);
  // It moves again: no longer stalled.
  s.indexer = 110n;
  s.sink = 110n;
  s.replayBlock = 110n;
  s.t = 46;
  const again = await monitor.figures();
  assert.equal(again.components.every((c) => !c.stalled), true);
  assert.equal(again.ready, true);
});

test("a component at the head is never stalled however long nothing happens; a replay backlog that does not drain is", async () => {
  const { s, monitor } = world();
  await monitor.figures();
  s.t = 1000;
  assert.equal((await monitor.figures()).ready, true);
  s.backlog = 5;
  s.replayBlock = 90n;
  await monitor.figures();
  s.t = 1040;
  const f = await monitor.figures();
  const replay = f.components.find((c) => c.component === "replay")!;
  assert.equal(replay.backlog, 5);
  assert.equal(replay.stalled, true);
  assert.equal(f.ready, false);
});

test("an unreachable chain makes readiness false with the reason", async () => {
  const { s, monitor } = world();
  s.chainDown = true;
  const f = await monitor.figures();
  assert.equal(f.chain, null);
  assert.equal(f.ready, false);
  assert.match(f.notReady[0]!, /chain head unknown: connect ECONNREFUSED/);
});
