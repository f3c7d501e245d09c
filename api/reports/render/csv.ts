/**
 * CSV: one file per table, zipped with a manifest that cites the digest and the report's JSON
 * beside them (so the zip alone can be verified). Fixed timestamps: the same report gives the
 * same zip bytes. Cells that a spreadsheet would run as a formula are escaped.
 *
 * The zip is written entry by entry: each table is built, compressed and handed out before the
 * next is built. Each entry goes through fflate's `zipSync` alone and its local part is passed
 * on as is, its central-directory record kept with the offset moved, so the bytes are exactly
 * those of one `zipSync` over all the files (the test compares the two). Pure.
 */
import { strToU8, zipSync, type ZippableFile, type ZipOptions } from "fflate";
import { canonicalJson } from "../digest.js";
import type { Report } from "../report.js";
import { reportTableStream, type Cell } from "./tables.js";

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

export type ZipEntry = { name: string; file: ZippableFile };

/** Zip times are DOS local times from 1980 on; the block's own time keeps them meaningful and fixed. */
export function csvZipOptions(report: Report): ZipOptions & { mtime: Date } {
  return { mtime: new Date(Math.max(Number(report.asOf.timestamp), 315_532_800) * 1000) };
}

/** The zip's files in order, each built when asked for. */
export function* csvZipEntries(report: Report): Generator<ZipEntry> {
  const { mtime } = csvZipOptions(report);
  const names: string[] = [];
  for (const t of reportTableStream(report)) {
    names.push(`${t.name}.csv`);
    yield { name: `${t.name}.csv`, file: [strToU8(csvOf(t.columns, t.rows)), { mtime, level: 6 }] };
  }
  const manifest = {
    report: `${report.kind} ${report.subject}`,
    asOf: report.asOf,
    digest: `sha-256:${report.digest.value}`,
    files: names,
    note: "report.json is the canonical report; verify it with `npm run verify-report -- <zip> --rpc URL`",
  };
  yield { name: "manifest.json", file: [strToU8(canonicalJson(manifest)), { mtime }] };
  yield { name: "report.json", file: [strToU8(canonicalJson(report)), { mtime, level: 6 }] };
}

const END_RECORD = 22;

/** The zip of `entries` in pieces: each entry's header and data, then the central directory. */
export function* zipChunks(entries: Iterable<ZipEntry>, options: ZipOptions): Generator<Uint8Array> {
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const { name, file } of entries) {
    const alone = zipSync({ [name]: file }, options);
    const end = new DataView(alone.buffer, alone.byteOffset + alone.length - END_RECORD, END_RECORD);
    const directorySize = end.getUint32(12, true);
    const localSize = end.getUint32(16, true);
    yield alone.subarray(0, localSize);
    const record = alone.slice(localSize, localSize + directorySize);
    // The record's "offset of local header" field (byte 42): where this entry starts in the whole zip.
    new DataView(record.buffer).setUint32(42, offset, true);
    directory.push(record);
    offset += localSize;
  }
  const size = directory.reduce((n, r) => n + r.length, 0);
  for (const record of directory) yield record;
  const end = new Uint8Array(END_RECORD);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, directory.length, true);
  view.setUint16(10, directory.length, true);
  view.setUint32(12, size, true);
  view.setUint32(16, offset, true);
  yield end;
}

export function csvZipChunks(report: Report): Generator<Uint8Array> {
  return zipChunks(csvZipEntries(report), csvZipOptions(report));
}
