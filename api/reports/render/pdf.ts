/**
 * PDF with pdfkit, no browser: the anchor and digest, headline figures, a bar chart, then the
 * tables (one line per row). Metadata is fixed (dates = the block's time, so the file ID
 * pdfkit derives from them is fixed too) and only the standard fonts are used (nothing is
 * subset with random tags): the same report gives the same bytes.
 */
import PDFDocument from "pdfkit";
import type { Report } from "../report.js";
import { READABLE_ROW_LIMIT, reportTitle } from "./html.js";
import { headlineFigures, reportTableStream } from "./tables.js";

function chart(doc: PDFKit.PDFDocument, title: string, bars: { label: string; value: bigint }[]): void {
  if (bars.length === 0) return;
  const max = bars.reduce((m, b) => (b.value > m ? b.value : m), 0n);
  doc.moveDown().font("Helvetica-Bold").fontSize(10).text(title);
  const left = doc.page.margins.left;
  let y = doc.y + 4;
  for (const b of bars) {
    const width = max === 0n ? 1 : Math.max(1, Number((b.value * 260n) / max));
    doc.font("Helvetica").fontSize(8).fillColor("black").text(b.label, left, y, { width: 150, lineBreak: false });
    doc.rect(left + 155, y, width, 9).fill("#3b6ea5");
    doc.fillColor("black").text(b.value.toString(), left + 160 + width, y, { lineBreak: false });
    y += 13;
  }
  doc.x = left;
  doc.y = y + 4;
}

function chartBars(report: Report): { title: string; bars: { label: string; value: bigint }[] } {
  const s = report.sections as Record<string, unknown>;
  const rows = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const sources = rows(s.dataSources);
  if (sources.length > 0) return { title: "Training data by datanet version (bytes)", bars: sources.map((r) => ({ label: `datanet ${r.datanetId} v${r.version}`, value: BigInt(String(r.bytes)) })) };
  const payments = rows(s.payments);
  if (payments.length > 0) return { title: "Payments (wei)", bars: payments.map((p) => ({ label: `contribution ${p.contributionId}`, value: BigInt(String(p.amount)) })) };
  const rewards = rows(s.rewardsByContributor).length > 0 ? rows(s.rewardsByContributor) : rows(s.rewardsByContribution);
  return { title: "Rewards (wei)", bars: rewards.slice(0, 12).map((r) => ({ label: String(r.contributor ?? `contribution ${r.contributionId}`).slice(0, 24), value: BigInt(String(r.rewardsTotal)) })) };
}

/** The document, written and ended: a Readable of the PDF's bytes (what pdfkit emits). */
export function pdfDocument(report: Report): PDFKit.PDFDocument {
  const date = new Date(Number(report.asOf.timestamp) * 1000);
  const doc = new PDFDocument({
    size: "A4",
    margin: 40,
    compress: true,
    info: {
      Title: reportTitle(report),
      Author: "Provenance Hub",
      Subject: `Report digest sha-256:${report.digest.value}`,
      Keywords: `sha-256:${report.digest.value}`,
      Creator: "Provenance Hub reports",
      Producer: "Provenance Hub reports (pdfkit)",
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.font("Helvetica-Bold").fontSize(15).text(reportTitle(report));
  doc.font("Courier").fontSize(8).text(`Chain ${report.chain.chainId}, block ${report.asOf.block}, hash ${report.asOf.blockHash}, time ${report.asOf.timestamp}`);
  doc.text(`Report digest: sha-256:${report.digest.value}`);
  doc.text(`Schema ${report.schema} v${report.schemaVersion}. Verify: npm run verify-report -- report.json --rpc URL`);
  doc.moveDown();
  for (const [label, value] of headlineFigures(report)) doc.font("Helvetica-Bold").fontSize(10).text(`${label}: `, { continued: true }).font("Helvetica").text(value);
  const { title, bars } = chartBars(report);
  chart(doc, title, bars);
  for (const table of reportTableStream(report)) {
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(10).text(table.title);
    doc.font("Courier").fontSize(6.5);
    const rows = table.rows.slice(0, READABLE_ROW_LIMIT);
    for (const row of rows) doc.text(row.map((cell, i) => `${table.columns[i]}=${cell === null ? "" : String(cell)}`).join("  "));
    if (table.rows.length > rows.length) doc.font("Helvetica").fontSize(8).text(`${rows.length} of ${table.rows.length} rows shown; all are in the JSON and CSV of this report.`);
  }
  doc.end();
  return doc;
}

export async function* pdfChunks(report: Report): AsyncGenerator<Uint8Array> {
  for await (const chunk of pdfDocument(report) as AsyncIterable<Buffer>) yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export async function renderPdf(report: Report): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of pdfChunks(report)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
