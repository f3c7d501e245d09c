import assert from "node:assert/strict";
import { test } from "node:test";
import type { Verdict } from "../../../replay/verdicts/types.js";
import { verdictsForReport } from "./replay-verdicts.js";

const verdict = (inferenceId: bigint, runtimeMs: number): Verdict =>
  ({
    inferenceId,
    verdict: "verified",
    reasonCode: "VERIFIED_EXACT",
    claimHash: "0xAB",
    claimedOutputHash: "0xCD",
    observedOutputHash: "0xcd",
    outputMatch: "exact",
    largestDeviationPpm: 0,
    weightTolerancePpm: 1000,
    executionProvider: "cpu",
    workerVersion: "1",
    runtimeMs,
    verifiedAt: new Date(runtimeMs),
  }) as unknown as Verdict;

test("verdict rows: only the cited inferences, in id order, without run-dependent fields", async () => {
  const read = verdictsForReport(async () => [verdict(10n, 5), verdict(2n, 7), verdict(3n, 9)]);
  const rows = await read(["10", "2"]);
  assert.deepEqual(rows.map((r) => r.inferenceId), ["2", "10"]);
  assert.equal(rows[0]!.claimHash, "0xab");
  assert.ok(!("runtimeMs" in rows[0]!) && !("verifiedAt" in rows[0]!));
  assert.deepEqual(await verdictsForReport(async () => [verdict(2n, 99), verdict(10n, 1)])(["10", "2"]), rows);
});
