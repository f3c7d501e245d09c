/**
 * CSV: one file per table, zipped with a manifest that cites the digest and the report's JSON
 * beside them (so the zip alone can be verified). Fixed timestamps: the same report gives the
 * same zip bytes. Cells that a spreadsheet would run as a formula are escaped. Pure.
 */
import { strToU8, zipSync, type Zippable } from "fflate";
import { canonicalJson } from "../digest.js";
import type { Report } from "../report.js";
import { reportTables, type Cell } from "./tables.js";

/** OWASP's CSV-injection rule: a leading = + - @ tab or CR makes a formula; prefix a quote. */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvOf(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns.map(csvCell).join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}

export function renderCsvZip(report: Report): Uint8Array {
  // Zip times are DOS local times from 1980 on; the block's own time keeps them meaningful and fixed.
  const mtime = new Date(Math.max(Number(report.asOf.timestamp), 315_532_800) * 1000);
  const files: Zippable = {};
  const tables = reportTables(report);
  for (const t of tables) files[`${t.name}.csv`] = [strToU8(csvOf(t.columns, t.rows)), { mtime, level: 6 }];
  const manifest = {
    report: `${report.kind} ${report.subject}`,
    asOf: report.asOf,
    digest: `sha-256:${report.digest.value}`,
    files: tables.map((t) => `${t.name}.csv`),
    note: "report.json is the canonical report; verify it with `npm run verify-report -- <zip> --rpc URL`",
  };
  files["manifest.json"] = [strToU8(canonicalJson(manifest)), { mtime }];
  files["report.json"] = [strToU8(canonicalJson(report)), { mtime, level: 6 }];
  return zipSync(files, { mtime });
}
