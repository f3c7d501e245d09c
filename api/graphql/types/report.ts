/**
 * A compliance report as the API points at it: the REST link that serves its bytes, the digest
 * every format cites, and the block it is anchored to. The report itself is gathered once per
 * field (the digest needs every fact); `fileSha256` renders the format only when asked.
 */
import { createHash } from "node:crypto";
import { reportLink } from "../../reports/link.js";
import { streamReport, type ReportFormat } from "../../reports/render/render-report.js";
import type { Report, ReportKind } from "../../reports/report.js";
import { builder } from "../builder.js";
import { BlockRef } from "./evidence.js";

export const ReportKindEnum = builder.enumType("ReportKind", {
  description: "What a report is about: a model, a datanet, an account (address) or one inference.",
  values: { MODEL: { value: "model" }, DATANET: { value: "datanet" }, ACCOUNT: { value: "account" }, INFERENCE: { value: "inference" } } as const,
});

export const ReportFormatEnum = builder.enumType("ReportFormat", {
  description: "The file the link serves: canonical JSON (RFC 8785), a zip of CSV tables with the JSON, HTML or PDF. Each cites the same digest.",
  values: { JSON: { value: "json" }, CSV: { value: "csv" }, HTML: { value: "html" }, PDF: { value: "pdf" } } as const,
});

export type ReportLinkRow = { report: Report; format: ReportFormat };

export const ReportLinkRef = builder.objectRef<ReportLinkRow>("ReportLink").implement({
  description: "Where to download a report and how to check it: GET `link` on this API's origin; the JSON's canonical form less its `digest` member hashes to `digest`.",
  fields: (t) => ({
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.report.kind as ReportKind }),
    subject: t.string({ description: "The id (decimal) or address (lower case) the report is about.", resolve: (r) => r.report.subject }),
    format: t.field({ type: ReportFormatEnum, resolve: (r) => r.format }),
    link: t.string({
      description: "Path of the REST route serving this report's bytes as of `block` (prefix this API's origin; it needs the same x-api-key).",
      resolve: (r) => reportLink(r.report.kind, r.report.subject, r.report.asOf.block, r.format),
    }),
    digest: t.string({
      description: "The report digest, lower-case hex: SHA-256 of the RFC 8785 canonical JSON of the report without its `digest` member. Every format cites it.",
      resolve: (r) => r.report.digest.value,
    }),
    digestAlgorithm: t.string({ resolve: (r) => r.report.digest.algorithm }),
    block: t.field({
      type: BlockRef,
      description: "The block the report is anchored to: the answered block, with its hash and time as the chain gives them.",
      resolve: (r) => ({ number: BigInt(r.report.asOf.block), hash: r.report.asOf.blockHash as `0x${string}`, timestamp: BigInt(r.report.asOf.timestamp) }),
    }),
    factCount: t.int({ description: "On-chain facts (logs) the report cites.", resolve: (r) => r.report.factCount }),
    fileSha256: t.string({
      description: "SHA-256 (hex) of the bytes `link` serves. Renders the file, so ask only when you will compare it (a PDF takes seconds for a large model).",
      complexity: 50,
      resolve: async (r) => {
        const hash = createHash("sha256");
        for await (const chunk of streamReport(r.report, r.format)) hash.update(chunk);
        return hash.digest("hex");
      },
    }),
  }),
});
