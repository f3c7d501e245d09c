/**
 * Reads what an auditor hands to `verify`: the report's JSON, or another format (CSV zip, HTML,
 * PDF) whose cited digest must then match the JSON given with it. Pure over the bytes.
 */
import { strFromU8, unzipSync } from "fflate";
import { NotAReportError } from "../errors.js";
import { REPORT_SCHEMA, reportKinds, type Report } from "../report.js";

const DIGEST_CITATION = /sha-256:([0-9a-f]{64})/;

export function parseReportJson(text: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new NotAReportError("the file is not JSON", { cause });
  }
  const r = value as Partial<Report> | null;
  if (!r || typeof r !== "object" || r.schema !== REPORT_SCHEMA) throw new NotAReportError(`the JSON is not a ${REPORT_SCHEMA} document`);
  if (!reportKinds.includes(r.kind as never) || typeof r.subject !== "string") throw new NotAReportError("the report names no known kind and subject");
  if (!r.asOf || typeof r.asOf.block !== "string" || typeof r.asOf.blockHash !== "string") throw new NotAReportError("the report states no block");
  if (!Array.isArray(r.facts) || !Array.isArray(r.merkleProofs) || !r.sections || !r.chain?.contracts) throw new NotAReportError("the report lacks facts, sections, proofs or contracts");
  if (!r.digest || typeof r.digest.value !== "string") throw new NotAReportError("the report carries no digest");
  return r as Report;
}

/** The digest another format cites: in the zip's manifest, the HTML's meta tag, the PDF's text. */
export function citedDigest(bytes: Uint8Array): string {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let text: string;
  if (isZip) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes);
    } catch (cause) {
      throw new NotAReportError("the zip cannot be read", { cause });
    }
    const manifest = files["manifest.json"];
    if (!manifest) throw new NotAReportError("the zip has no manifest.json");
    text = strFromU8(manifest);
  } else {
    text = Buffer.from(bytes).toString("latin1");
  }
  const match = DIGEST_CITATION.exec(text);
  if (!match) throw new NotAReportError("the file cites no report digest (sha-256:…)");
  return match[1]!;
}

/**
 * The report to verify from a file, and the digest the file cites when it is not the JSON: a
 * CSV zip carries its JSON; an HTML page or a PDF needs the JSON given beside it.
 */
export function readReportFile(bytes: Uint8Array, companionJson?: Uint8Array): { report: Report; citedDigest: string | undefined } {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b) return { report: parseReportJson(Buffer.from(bytes).toString("utf8")), citedDigest: undefined };
  const cited = citedDigest(bytes);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && !companionJson) {
    const inside = unzipSync(bytes)["report.json"];
    if (inside) return { report: parseReportJson(strFromU8(inside)), citedDigest: cited };
  }
  if (!companionJson) throw new NotAReportError(`the file cites digest ${cited} but is not the report's JSON`, { hint: "give the JSON with --json report.json" });
  return { report: parseReportJson(Buffer.from(companionJson).toString("utf8")), citedDigest: cited };
}
