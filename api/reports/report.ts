/**
 * The report document (schema `provenance-hub.report`, version 1): what was asked (kind,
 * subject, block), the chain it speaks of, the facts, and what follows from them. `sections`
 * and `merkleProofs` are a pure function of the facts (deriveReportContent), which is what lets
 * `verify` recompute them; `offChain` holds what the hub attests but the chain cannot show.
 */
import type { ProtocolContractName } from "../../contracts-abi/contract-names.js";
import { accountSections } from "./derive/account-sections.js";
import { datanetSections } from "./derive/datanet-sections.js";
import { inferenceSections } from "./derive/inference-sections.js";
import { buildLedger } from "./derive/ledger.js";
import { modelSections } from "./derive/model-sections.js";
import type { VersionProofs } from "./derive/proofs.js";
import { compareFacts, type Fact } from "./facts.js";

export const REPORT_SCHEMA = "provenance-hub.report";
export const REPORT_SCHEMA_VERSION = "1";
export const reportKinds = ["model", "datanet", "account", "inference"] as const;
export type ReportKind = (typeof reportKinds)[number];

export type ReportAnchor = { block: string; blockHash: string; timestamp: string };
export type ReportChain = { chainId: string; contracts: Record<ProtocolContractName, string> };

/** A content check of one contribution against the artifact store (off chain). */
export type ContentCheck = { contributionId: string; contentHash: string; result: "ok" | "missing" | "corrupt" };
export type OffChainFacts = {
  contentChecks: { available: boolean; note: string; failed: ContentCheck[]; checked: number };
  verdicts: { available: boolean; note: string; items: Record<string, string>[] };
};

export type ReportContent = { sections: Record<string, unknown>; merkleProofs: VersionProofs[] };

export type ReportBody = {
  schema: typeof REPORT_SCHEMA;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: ReportKind;
  subject: string;
  asOf: ReportAnchor;
  chain: ReportChain;
  sections: Record<string, unknown>;
  merkleProofs: VersionProofs[];
  offChain: OffChainFacts;
  factCount: number;
  facts: Fact[];
};

export type ReportDigest = { algorithm: "sha-256"; value: string };
export type Report = ReportBody & { digest: ReportDigest };

/** One fact per log (two readers may return the same event), in chain order. Pure. */
export function normalizeFacts(facts: readonly Fact[]): Fact[] {
  const byLog = new Map<string, Fact>();
  for (const f of facts) byLog.set(`${f.block}:${f.logIndex}`, f);
  return [...byLog.values()].sort(compareFacts);
}

/** Sections and proofs from facts alone: the same code runs in the hub and in `verify`. Pure. */
export function deriveReportContent(kind: ReportKind, subject: string, facts: readonly Fact[]): ReportContent {
  const ledger = buildLedger(facts);
  switch (kind) {
    case "model":
      return modelSections(ledger, subject);
    case "datanet":
      return datanetSections(ledger, subject);
    case "account":
      return accountSections(ledger, subject);
    case "inference":
      return inferenceSections(ledger, subject);
  }
}

export function assembleReportBody(parameters: {
  kind: ReportKind;
  subject: string;
  asOf: ReportAnchor;
  chain: ReportChain;
  facts: readonly Fact[];
  offChain: OffChainFacts;
}): ReportBody {
  const facts = normalizeFacts(parameters.facts);
  const content = deriveReportContent(parameters.kind, parameters.subject, facts);
  return {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: parameters.kind,
    subject: parameters.subject,
    asOf: parameters.asOf,
    chain: parameters.chain,
    sections: content.sections,
    merkleProofs: content.merkleProofs,
    offChain: parameters.offChain,
    factCount: facts.length,
    facts,
  };
}
