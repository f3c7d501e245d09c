/**
 * Writes a report's file as it is rendered (chunk by chunk, waiting on the disk), so the CLI
 * never holds the whole file; returns its size and SHA-256 for the caller to print or compare.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { streamReport, type ReportFormat } from "../render/render-report.js";
import type { Report } from "../report.js";

export type WrittenReport = { bytes: number; sha256: string };

export async function writeReportFile(report: Report, format: ReportFormat, path: string): Promise<WrittenReport> {
  const hash = createHash("sha256");
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of streamReport(report, format)) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  // Written beside and renamed at the end: a failure never leaves a truncated report at `path`.
  const partial = `${path}.partial`;
  try {
    await pipeline(Readable.from(counted()), createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes, sha256: hash.digest("hex") };
}
