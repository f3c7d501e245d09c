/**
 * withIdleBackoff: while the head stays put the gap between real checks doubles from the poll
 * interval up to the maximum; a change (an advance or a rewrite) is passed on at the first
 * real check and resets the gap; polls in between answer "unchanged" at the last head.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { withIdleBackoff, type PolledChange } from "./indexer-change-watch.js";

test("checks back off to the maximum while unchanged, and come back to every poll after a change", async () => {
  let clock = 0;
  let block = 10n;
  let checks = 0;
  let seen = 10n;
  const inner = {
    async poll(): Promise<PolledChange> {
      checks++;
      const head = { block, timestamp: 0 };
      const previous = seen;
      seen = block;
      return block === previous ? { kind: "unchanged", head, checkRows: 1 } : { kind: "advanced", head, previous: { block: previous, timestamp: 0 }, checkRows: 1 };
    },
  };
  const signal = withIdleBackoff(inner, { pollMs: 1000, maxIdleMs: 4000, now: () => clock });
  const checkedAt: number[] = [];
  const pollFor = async (seconds: number) => {
    const out: PolledChange[] = [];
    for (let i = 0; i < seconds; i++) {
      const before = checks;
      out.push(await signal.poll());
      if (checks > before) checkedAt.push(clock / 1000);
      clock += 1000;
    }
    return out;
  };
  const rest = await pollFor(16);
  assert.ok(rest.every((c) => c.kind === "unchanged" && c.head.block === 10n));
  assert.deepEqual(checkedAt, [0, 1, 3, 7, 11, 15], "gaps 1, 2, 4, then 4 s at most");
  block = 11n; // a block at t=16: seen at the next real check (t=19), then every poll again
  checkedAt.length = 0;
  const after = await pollFor(5);
  assert.deepEqual(after.map((c) => c.kind), ["unchanged", "unchanged", "unchanged", "advanced", "unchanged"]);
  assert.deepEqual(checkedAt, [19, 20]);
});
