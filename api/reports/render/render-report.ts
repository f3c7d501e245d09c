/**
 * One entry point per format: the bytes as a stream of chunks (what the route and the CLI
 * write, so a large report is never held twice), or gathered into one array. Pure apart from
 * pdfkit's streams.
 */
import { canonicalJsonChunks } from "./canonical-chunks.js";
import { ReportUnknownFormatError } from "../errors.js";
import type { Report } from "../report.js";
import { csvZipChunks } from "./csv.js";
import { htmlChunks } from "./html.js";
import { pdfChunks } from "./pdf.js";

export const reportFormats = ["json", "csv", "html", "pdf"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: "application/json",
  csv: "application/zip",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
};

export const FILE_EXTENSIONS: Record<ReportFormat, string> = { json: "json", csv: "csv.zip", html: "html", pdf: "pdf" };

export function parseReportFormat(value: string | undefined): ReportFormat {
  const format = value ?? "json";
  if (!reportFormats.includes(format as ReportFormat)) throw new ReportUnknownFormatError(format);
  return format as ReportFormat;
}

function* encoded(pieces: Iterable<string>): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const piece of pieces) yield encoder.encode(piece);
}

/** The report's file in chunks, in order; the same bytes as `renderReport`. */
export async function* streamReport(report: Report, format: ReportFormat): AsyncGenerator<Uint8Array> {
  switch (format) {
    case "json":
      yield* encoded(canonicalJsonChunks(report));
      return;
    case "csv":
      yield* csvZipChunks(report);
      return;
    case "html":
      yield* encoded(htmlChunks(report));
      return;
    case "pdf":
      yield* pdfChunks(report);
      return;
  }
}

export async function renderReport(report: Report, format: ReportFormat): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamReport(report, format)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
