/**
 * Verifies claims by replay: fetch the artifacts by hash (re-checked), re-run the model in
 * batches grouped by run and adapter, compare the output, recompute the attribution with the
 * declared method over the run's training data (contributions withdrawn before the inference
 * are ineligible), and check the claimed weights against every rule of attribution-rules.ts
 * (membership in the training set and the recomputed support, per-contribution and L1 bounds).
 * Every claim ends in a verdict, except when the claim source lacks the run or adapter yet:
 * that is transient and the job is retried.
 */
import { keccak256, type Hex } from "viem";
import type { ArtifactStore } from "../../artifacts/store.js";
import { decodeAdapter, type LoraAdapter } from "../../model/adapter.js";
import { decodeInput, decodeOutput, encodeOutput, type InferenceOutput } from "../../model/io.js";
import type { ModelSession } from "../../model/session.js";
import { MODEL_SPEC } from "../../model/spec.js";
import { attribute, UnknownAttributionMethodError, type Attribution } from "../../attribution/index.js";
import type { TrainingSet } from "../../attribution/training-set.js";
import { isBefore, type Claim, type ClaimSource, type EventPosition } from "../claims/types.js";
import { claimHash } from "../claims/claim-key.js";
import { ReplayContextMissingError } from "../errors.js";
import type { SessionCache } from "../runner/session-cache.js";
import { TrainingDataError, type TrainingSetCache } from "../runner/training-sets.js";
import type { Verdict } from "../verdicts/types.js";
import { artifactFailure, ArtifactUnusableError, readArtifact, type VerdictReason } from "./artifact-failure.js";
import { checkAttribution, DEFAULT_ATTRIBUTION_TOLERANCES, type AttributionCheck, type AttributionTolerances } from "../../attribution/attribution-rules.js";
import { compareOutputs } from "./compare.js";

export type { ReplayJob } from "../queue/types.js";
import type { ReplayJob } from "../queue/types.js";
export type JobOutcome = { jobKey: string; verdict: Verdict } | { jobKey: string; error: Error };

export type VerifierOptions = {
  store: ArtifactStore;
  source: ClaimSource;
  sessions: SessionCache;
  trainingSets: TrainingSetCache;
  /** Per-contribution and total (L1) weight tolerances, in ppm (default DEFAULT_ATTRIBUTION_TOLERANCES). */
  attributionTolerances?: AttributionTolerances;
  outputTolerance: number;
  workerVersion: string;
};

type Prepared = { job: ReplayJob; features: Float32Array; claimedOutput: InferenceOutput };

export class Verifier {
  private readonly tolerances: AttributionTolerances;

  constructor(private readonly o: VerifierOptions) {
    this.tolerances = o.attributionTolerances ?? DEFAULT_ATTRIBUTION_TOLERANCES;
  }

  get executionProvider(): string {
    return this.o.sessions.executionProvider;
  }

  /** One outcome per job, in order. Never throws for a bad artifact: that is a verdict. */
  async verifyBatch(jobs: readonly ReplayJob[]): Promise<JobOutcome[]> {
    const groups = new Map<string, ReplayJob[]>();
    for (const job of jobs) {
      const key = `${job.claim.chainId}:${job.claim.runId}:${job.claim.adapterId}`;
      groups.set(key, [...(groups.get(key) ?? []), job]);
    }
    const outcomes = new Map<string, JobOutcome>();
    for (const group of groups.values()) {
      const started = performance.now();
      let results: Map<string, Omit<Verdict, "runtimeMs" | "batchSize"> | Error>;
      try {
        results = await this.verifyGroup(group);
      } catch (error) {
        results = new Map(group.map((j) => [j.jobKey, error instanceof Error ? error : new Error(String(error))]));
      }
      const runtimeMs = (performance.now() - started) / group.length;
      for (const job of group) {
        const r = results.get(job.jobKey)!;
        outcomes.set(job.jobKey, r instanceof Error ? { jobKey: job.jobKey, error: r } : { jobKey: job.jobKey, verdict: { ...r, runtimeMs, batchSize: group.length } });
      }
    }
    return jobs.map((j) => outcomes.get(j.jobKey)!);
  }

  private base(job: ReplayJob, reason: VerdictReason): Omit<Verdict, "runtimeMs" | "batchSize"> {
    const c = job.claim;
    return {
      jobKey: job.jobKey,
      chainId: c.chainId,
      inferenceId: c.inferenceId,
      claimHash: claimHash(c),
      modelId: c.modelId,
      adapterId: c.adapterId,
      runId: c.runId,
      methodId: c.methodId,
      blockNumber: c.blockNumber,
      ...reason,
      claimedOutputHash: c.outputHash,
      observedOutputHash: null,
      outputMatch: null,
      outputMaxAbsDiff: null,
      outputTolerance: this.o.outputTolerance,
      claimed: { contributionIds: c.contributionIds, weightsPpm: c.weightsPpm },
      observed: null,
      largestDeviationPpm: null,
      weightTolerancePpm: this.tolerances.perContributionPpm,
      l1DeviationPpm: null,
      l1TolerancePpm: this.tolerances.l1Ppm,
      failedRules: [],
      executionProvider: this.executionProvider,
      workerVersion: this.o.workerVersion,
      verifiedAt: new Date(),
    };
  }

  private async verifyGroup(group: readonly ReplayJob[]): Promise<Map<string, Omit<Verdict, "runtimeMs" | "batchSize"> | Error>> {
    const out = new Map<string, Omit<Verdict, "runtimeMs" | "batchSize"> | Error>();
    const all = (reason: VerdictReason) => {
      for (const job of group) out.set(job.jobKey, this.base(job, reason));
      return out;
    };
    const first = group[0]!.claim;
    const run = await this.o.source.run(first.runId);
    if (!run) throw new ReplayContextMissingError(`training run ${first.runId}`);

    let session: ModelSession;
    try {
      session = await this.o.sessions.get(run.weightsHash);
    } catch (error) {
      const reason = artifactFailure("WEIGHTS", run.weightsHash, error);
      if (reason) return all(reason);
      throw error;
    }
    let adapter: LoraAdapter | undefined;
    if (first.adapterId !== 0n) {
      const record = await this.o.source.adapter(first.adapterId);
      if (!record) throw new ReplayContextMissingError(`adapter ${first.adapterId}`);
      try {
        adapter = await readArtifact(async () => decodeAdapter(await this.o.store.get(record.adapterHash)));
      } catch (error) {
        const reason = artifactFailure("ADAPTER", record.adapterHash, error);
        if (reason) return all(reason);
        throw error;
      }
    }

    // Input and claimed output of each claim; a bad one gets its verdict here.
    const prepared: Prepared[] = [];
    for (const job of group) {
      const c = job.claim;
      const input = await this.readOrVerdict(job, "INPUT", c.inputHash, out, async () => {
        const doc = decodeInput(await this.o.store.get(c.inputHash));
        const D = MODEL_SPEC.featureDim;
        if (doc.features.length !== D || doc.shape.length !== 2 || doc.shape[0] !== 1 || doc.shape[1] !== D) {
          throw new ArtifactUnusableError("SHAPE_INVALID", `input shape [${doc.shape.join(", ")}] is not [1, ${D}]`);
        }
        return doc;
      });
      if (!input) continue;
      const claimedOutput = await this.readOrVerdict(job, "OUTPUT", c.outputHash, out, async () => decodeOutput(await this.o.store.get(c.outputHash)));
      if (!claimedOutput) continue;
      prepared.push({ job, features: input.features, claimedOutput });
    }
    if (prepared.length === 0) return out;

    const observed = await this.runModel(session, prepared, adapter, out);
    let training: TrainingSet | undefined;
    let trainingFailure: VerdictReason | undefined;
    try {
      training = await this.o.trainingSets.get(run);
    } catch (error) {
      if (!(error instanceof TrainingDataError)) throw error;
      trainingFailure = artifactFailure(error.role, error.hash, error.cause);
      if (!trainingFailure) throw error.cause;
    }
    const trainingIds = training ? training.contributions.map((c) => c.contributionId) : [];
    const trainingSet = new Set(trainingIds);
    // One look-up per group: withdrawals before the group's last claim, filtered per claim below.
    const last = observed.reduce<EventPosition | undefined>((m, [p]) => (!m || isBefore(m, p.job.claim) ? p.job.claim : m), undefined);
    const withdrawals = last && training ? await this.o.source.withdrawnBefore(trainingIds, last) : new Map<bigint, EventPosition>();

    for (const [p, output] of observed) {
      const job = p.job;
      const c = job.claim;
      const observedOutputHash = keccak256(encodeOutput(output)) as Hex;
      const evidence = { observedOutputHash, outputMatch: "exact" as Verdict["outputMatch"], outputMaxAbsDiff: 0 as number | null };
      if (observedOutputHash.toLowerCase() !== c.outputHash.toLowerCase()) {
        const cmp = compareOutputs(p.claimedOutput, output, this.o.outputTolerance);
        evidence.outputMatch = cmp.match;
        evidence.outputMaxAbsDiff = Number.isFinite(cmp.maxAbsDiff) ? cmp.maxAbsDiff : null;
        if (cmp.match === "mismatch") {
          out.set(job.jobKey, { ...this.base(job, { verdict: "output_mismatch", reasonCode: "OUTPUT_MISMATCH", reason: cmp.detail }), ...evidence });
          continue;
        }
      }
      if (trainingFailure || !training) {
        out.set(job.jobKey, { ...this.base(job, trainingFailure!), ...evidence });
        continue;
      }
      const withdrawnBeforeClaim = (id: bigint) => {
        const w = withdrawals.get(id);
        return w !== undefined && isBefore(w, c);
      };
      let recomputed: Attribution;
      try {
        recomputed = await attribute({
          methodId: c.methodId,
          output,
          training,
          session,
          adapterKey: `${c.adapterId}`,
          adapter,
          isEligible: (id) => !withdrawnBeforeClaim(id),
        });
      } catch (error) {
        if (!(error instanceof UnknownAttributionMethodError)) throw error;
        out.set(job.jobKey, { ...this.base(job, { verdict: "attribution_mismatch", reasonCode: "METHOD_UNKNOWN", reason: error.message }), ...evidence });
        continue;
      }
      const claimed = { contributionIds: c.contributionIds, weightsPpm: c.weightsPpm };
      const check = checkAttribution(claimed, recomputed, { trainingSet, withdrawnBeforeClaim }, this.tolerances);
      out.set(job.jobKey, {
        ...this.base(job, this.attributionReason(check, evidence.outputMatch)),
        ...evidence,
        observed: recomputed,
        largestDeviationPpm: check.largestDeviationPpm,
        l1DeviationPpm: check.l1DeviationPpm,
        failedRules: check.failures,
      });
    }
    return out;
  }

  private attributionReason(check: AttributionCheck, outputMatch: Verdict["outputMatch"]): VerdictReason {
    const t = this.tolerances;
    const figures = `largest deviation ${check.largestDeviationPpm} ppm (tolerance ${t.perContributionPpm}), L1 ${check.l1DeviationPpm} ppm (tolerance ${t.l1Ppm})`;
    const first = check.failures[0];
    if (!first) {
      return { verdict: "verified", reasonCode: outputMatch === "exact" ? "VERIFIED_EXACT" : "VERIFIED_WITHIN_TOLERANCE", reason: `output ${outputMatch}; every claimed contribution in the recomputed support; ${figures}` };
    }
    return { verdict: "attribution_mismatch", reasonCode: first.rule, reason: `${check.failures.map((f) => `${f.rule}: ${f.message}`).join("; ")}; ${figures}` };
  }

  /** Reads one artifact of a claim; on failure records the claim's verdict and returns undefined. */
  private async readOrVerdict<T>(
    job: ReplayJob,
    role: "INPUT" | "OUTPUT",
    hash: string,
    out: Map<string, Omit<Verdict, "runtimeMs" | "batchSize"> | Error>,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await readArtifact(read);
    } catch (error) {
      const reason = artifactFailure(role, hash, error);
      if (!reason) throw error;
      out.set(job.jobKey, this.base(job, reason));
      return undefined;
    }
  }

  /** One batched run; if the batch fails, each row alone, so one bad row cannot sink the rest. */
  private async runModel(
    session: ModelSession,
    prepared: Prepared[],
    adapter: LoraAdapter | undefined,
    out: Map<string, Omit<Verdict, "runtimeMs" | "batchSize"> | Error>,
  ): Promise<[Prepared, InferenceOutput][]> {
    try {
      const outputs = await session.run(prepared.map((p) => p.features), adapter);
      return prepared.map((p, i) => [p, outputs[i]!]);
    } catch {
      const results: [Prepared, InferenceOutput][] = [];
      for (const p of prepared) {
        try {
          results.push([p, (await session.run([p.features], adapter))[0]!]);
        } catch (error) {
          out.set(p.job.jobKey, this.base(p.job, { verdict: "artifact_corrupt", reasonCode: "MODEL_RUN_FAILED", reason: `the model rejected the input: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` }));
        }
      }
      return results;
    }
  }
}
