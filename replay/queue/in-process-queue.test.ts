import { test } from "node:test";
import assert from "node:assert/strict";
import type { Claim } from "../claims/types.js";
import { InProcessQueue } from "./in-process-queue.js";

const job = (key: string) => ({ jobKey: key, claim: { inferenceId: 1n } as Claim });

test("adds are idempotent by job key; failures retry with backoff; ensureQueued revives failed jobs", async () => {
  const queue = new InProcessQueue({ attempts: 3, backoffMs: 5 });
  const seen: string[] = [];
  let failuresLeft = 2;
  const done = new Set<string>();
  queue.process(async (j, attempt) => {
    seen.push(`${j.jobKey}#${attempt}`);
    if (j.jobKey === "flaky" && failuresLeft-- > 0) throw new Error("transient");
    if (j.jobKey === "broken") throw new Error("always");
    done.add(j.jobKey);
  }, { concurrency: 2 });
  await queue.add([job("a"), job("a"), job("flaky"), job("broken")]);
  await queue.add([job("a")]);
  for (let i = 0; i < 200 && (await queue.counts()).waiting + (await queue.counts()).delayed + (await queue.counts()).active > 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(await queue.counts(), { waiting: 0, active: 0, delayed: 0, completed: 2, failed: 1 });
  assert.equal(seen.filter((s) => s.startsWith("a#")).length, 1, "a job key runs once");
  assert.deepEqual(seen.filter((s) => s.startsWith("flaky")), ["flaky#1", "flaky#2", "flaky#3"]);
  assert.deepEqual(await queue.ensureQueued([job("a"), job("broken")]), ["a", "broken"]);
  await queue.close();
});

test("a rate limit spaces job starts", async () => {
  const queue = new InProcessQueue({ attempts: 1, backoffMs: 1 });
  const starts: number[] = [];
  queue.process(async () => void starts.push(Date.now()), { concurrency: 10, ratePerSecond: 5 });
  await queue.add(Array.from({ length: 7 }, (_, i) => job(`j${i}`)));
  while (starts.length < 7) await new Promise((r) => setTimeout(r, 20));
  assert.ok(starts[6]! - starts[0]! >= 900, "the sixth and seventh start a second after the first");
  await queue.close();
});
