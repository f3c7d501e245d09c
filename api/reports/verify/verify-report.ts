/**
 * `verify` without the hub's database: the digest, the anchor block, every fact against the
 * chain, every Merkle proof against the registry's root, and every derived figure recomputed
 * from the facts. Returns each failure with the fact and what the chain (or the facts) say.
 */
import type { PublicClient } from "viem";
import { digestOfReportValue } from "../digest.js";
import { ReportRpcUnavailableError } from "../errors.js";
import { compareFacts } from "../facts.js";
import { deriveReportContent, type Report } from "../report.js";
import { checkAnchor, checkProofs, type VerifyFailure } from "./chain-checks.js";
import { checkFacts } from "./fact-checks.js";
import { diffPaths } from "./compare.js";

export type { VerifyFailure } from "./chain-checks.js";

/** Seconds each stage took: the local checks (digest, derived figures), the anchor, the facts, the proofs. */
export type VerifyStageSeconds = { local: number; anchor: number; facts: number; proofs: number };

export type VerifyResult = { ok: boolean; facts: number; proofs: number; versions: number; failures: VerifyFailure[]; seconds: VerifyStageSeconds };

export type VerifyOptions = {
  client: PublicClient;
  /** Receipts and headers are read from here in raw JSON-RPC batches. */
  rpcUrl: string;
  /** Calls per batch of receipts (default 200: a batch of busy receipts stays a few MB). */
  batchSize?: number;
  /** Batches in flight at once (default 4). */
  inFlight?: number;
  /** A digest another format cited: it must be this report's. */
  citedDigest?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
};

function checkDigest(report: Report, cited: string | undefined): VerifyFailure[] {
  const out: VerifyFailure[] = [];
  const actual = digestOfReportValue(report as unknown as Record<string, unknown>);
  if (actual !== report.digest.value) out.push({ check: "digest", subject: "report digest", message: `the report says ${report.digest.value}, its content hashes to ${actual}` });
  if (cited !== undefined && cited !== report.digest.value) out.push({ check: "digest", subject: "cited digest", message: `the other format cites ${cited}, the JSON's digest is ${report.digest.value}` });
  return out;
}

function checkDerived(report: Report): VerifyFailure[] {
  const out: VerifyFailure[] = [];
  const ordered = report.facts.every((f, i) => i === 0 || compareFacts(report.facts[i - 1]!, f) < 0);
  if (!ordered) out.push({ check: "facts", subject: "facts", message: "facts are repeated or out of chain order" });
  if (report.factCount !== report.facts.length) out.push({ check: "facts", subject: "factCount", message: `report says ${report.factCount}, it lists ${report.facts.length}` });
  const derived = deriveReportContent(report.kind, report.subject, report.facts);
  for (const d of diffPaths({ sections: report.sections, merkleProofs: report.merkleProofs }, derived)) {
    out.push({ check: "derived", subject: d.path, message: `report says ${JSON.stringify(d.report)}, its facts give ${JSON.stringify(d.derived)}` });
  }
  return out;
}

export async function verifyReport(report: Report, options: VerifyOptions): Promise<VerifyResult> {
  const progress = options.onProgress ?? (() => undefined);
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const s = (now - mark) / 1000;
    mark = now;
    return s;
  };
  const failures: VerifyFailure[] = [...checkDigest(report, options.citedDigest), ...checkDerived(report)];
  const local = lap();
  progress("anchor", 0, 1);
  const rpcFailed = (cause: unknown): never => {
    throw cause instanceof ReportRpcUnavailableError ? cause : new ReportRpcUnavailableError(options.rpcUrl, cause);
  };
  // The anchor is asked first: a node that does not answer fails here, as one clear error.
  failures.push(...(await checkAnchor(options.client, report).catch(rpcFailed)));
  const anchor = lap();
  const batching = { batchSize: options.batchSize, inFlight: options.inFlight, onProgress: (done: number, total: number) => progress("facts", done, total) };
  failures.push(...(await checkFacts(options.rpcUrl, report, batching).catch(rpcFailed)));
  const facts = lap();
  progress("proofs", 0, report.merkleProofs.length);
  const proofs = await checkProofs(options.client, report).catch(rpcFailed);
  failures.push(...proofs.failures);
  const seconds = { local, anchor, facts, proofs: lap() };
  return { ok: failures.length === 0, facts: report.facts.length, proofs: proofs.proofs, versions: report.merkleProofs.length, failures, seconds };
}
