/**
 * Replay verdicts as a report lists them (off chain): one row per cited inference, only the
 * fields that follow from the claim and the artifacts, none that depend on when or how fast
 * the worker ran (runtime, batch, time), so a report stays the same once its verdicts exist.
 */
import type { Verdict } from "../../../replay/verdicts/types.js";

export function verdictRow(v: Verdict): Record<string, string> {
  return {
    inferenceId: v.inferenceId.toString(),
    verdict: v.verdict,
    reasonCode: v.reasonCode,
    claimHash: v.claimHash.toLowerCase(),
    claimedOutputHash: v.claimedOutputHash.toLowerCase(),
    observedOutputHash: v.observedOutputHash?.toLowerCase() ?? "",
    outputMatch: v.outputMatch ?? "",
    largestDeviationPpm: v.largestDeviationPpm?.toString() ?? "",
    weightTolerancePpm: v.weightTolerancePpm.toString(),
    executionProvider: v.executionProvider,
    workerVersion: v.workerVersion,
  };
}

/** A `ReportSources.verdictsFor` over any list of verdicts (e.g. a replay VerdictStore's). */
export function verdictsForReport(list: () => Promise<readonly Verdict[]>): (inferenceIds: readonly string[]) => Promise<Record<string, string>[]> {
  return async (inferenceIds) => {
    const wanted = new Set(inferenceIds);
    const rows = (await list()).filter((v) => wanted.has(v.inferenceId.toString())).map(verdictRow);
    return rows.sort((a, b) => (BigInt(a.inferenceId!) < BigInt(b.inferenceId!) ? -1 : BigInt(a.inferenceId!) > BigInt(b.inferenceId!) ? 1 : a.claimHash! < b.claimHash! ? -1 : 1));
  };
}
