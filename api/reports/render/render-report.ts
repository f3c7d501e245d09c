/** One entry point per format: bytes and a content type. Pure apart from pdfkit's streams. */
import { canonicalJson } from "../digest.js";
import { ReportUnknownFormatError } from "../errors.js";
import type { Report } from "../report.js";
import { renderCsvZip } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderPdf } from "./pdf.js";

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

export async function renderReport(report: Report, format: ReportFormat): Promise<Uint8Array> {
  switch (format) {
    case "json":
      return new TextEncoder().encode(canonicalJson(report));
    case "csv":
      return renderCsvZip(report);
    case "html":
      return new TextEncoder().encode(renderHtml(report));
    case "pdf":
      return renderPdf(report);
  }
}
