/**
 * Retry is decided by the error's type, on both queues: a permanent HubError fails the job on its
 * first attempt (BullMQ: UnrecoverableError), a TransientError and a foreign error are retried.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { HubError, TransientError } from "../../core/errors.js";
import { TEST_REDIS_URL, uniqueRedisPrefix } from "../../test/_setup/replay-services.js";
import type { Claim } from "../claims/types.js";
import { BullmqQueue } from "./bullmq-queue.js";
import { InProcessQueue } from "./in-process-queue.js";
import type { ReplayQueue } from "./types.js";

const job = (key: string) => ({ jobKey: key, claim: { chainId: 1, inferenceId: 1n, modelId: 1n, adapterId: 0n, runId: 1n, fee: 0n, methodId: 1, contributionIds: [], weightsPpm: [], blockNumber: 1n, logIndex: 0 } as unknown as Claim });

async function attemptsPerJob(queue: ReplayQueue): Promise<Record<string, number>> {
  const attempts: Record<string, number> = {};
  queue.process(async (j) => {
    attempts[j.jobKey] = (attempts[j.jobKey] ?? 0) + 1;
    if (j.jobKey === "permanent") throw new HubError("TEST_BAD_INPUT", "bad input is not retried");
    if (j.jobKey === "transient") throw new TransientError("TEST_AWAY", "a store is away");
    if (j.jobKey === "foreign") throw new Error("ECONNRESET");
  }, { concurrency: 3 });
  await queue.add([job("permanent"), job("transient"), job("foreign")]);
  for (let i = 0; i < 600; i++) {
    const c = await queue.counts();
    if (c.failed === 3) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return attempts;
}

test("in-process queue: permanent errors fail at once, retryable ones use every attempt", async () => {
  const queue = new InProcessQueue({ attempts: 3, backoffMs: 5 });
  assert.deepEqual(await attemptsPerJob(queue), { permanent: 1, transient: 3, foreign: 3 });
  await queue.close();
});

test("BullMQ queue: permanent errors become UnrecoverableError, retryable ones use every attempt", async () => {
  const queue = new BullmqQueue({ redisUrl: TEST_REDIS_URL, prefix: uniqueRedisPrefix("retry"), attempts: 3, backoffMs: 5 });
  try {
    assert.deepEqual(await attemptsPerJob(queue), { permanent: 1, transient: 3, foreign: 3 });
  } finally {
    await queue.obliterate();
    await queue.close();
  }
});

test("retryable is a property of the error type", () => {
  assert.equal(new HubError("X", "x").retryable, false);
  assert.equal(new TransientError("Y", "y").retryable, true);
});
