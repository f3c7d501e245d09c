/**
 * The report digest: SHA-256 over the RFC 8785 canonical JSON of the report without its
 * `digest` member, as lowercase hex. Anyone can recompute it with any JCS library.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { canonicalJsonChunks } from "./render/canonical-chunks.js";
import type { Report, ReportBody } from "./report.js";

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON form");
  return text;
}

/** SHA-256 of the canonical JSON, hashed piece by piece: the whole text is never held. */
export function sha256OfCanonicalJson(value: unknown): string {
  const hash = createHash("sha256");
  for (const chunk of canonicalJsonChunks(value)) hash.update(chunk);
  return hash.digest("hex");
}

export function digestOfBody(body: ReportBody): string {
  return sha256OfCanonicalJson(body);
}

export function withDigest(body: ReportBody): Report {
  return { ...body, digest: { algorithm: "sha-256", value: digestOfBody(body) } };
}

/** The body a digest covers: the report less its `digest` member. */
export function bodyOf(report: Record<string, unknown>): Record<string, unknown> {
  const { digest: _digest, ...body } = report;
  return body;
}

export function digestOfReportValue(report: Record<string, unknown>): string {
  return sha256OfCanonicalJson(bodyOf(report));
}
