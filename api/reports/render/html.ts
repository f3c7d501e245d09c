/**
 * A readable, printable HTML page: the anchor block and digest up front, the headline figures,
 * a chart or two, then every table. No scripts, no external resources. Written in pieces (one
 * per table), so a table is let go once written. Pure.
 */
import type { Report } from "../report.js";
import { escapeXml, reportCharts } from "./svg-charts.js";
import { headlineFigures, reportTableStream, type ReportTable } from "./tables.js";

/** Fact lists past this many rows are cut in HTML and PDF: the JSON and CSV hold them all. */
export const READABLE_ROW_LIMIT = 500;

const STYLE = `body{font-family:sans-serif;margin:2em;color:#111}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #999}
table{border-collapse:collapse;font-size:11px;margin:.4em 0;width:100%}td,th{border:1px solid #ccc;padding:2px 4px;text-align:left;vertical-align:top;word-break:break-all}
th{background:#eef}.figures td{font-size:14px}.anchor{font-family:monospace;font-size:12px}.note{color:#555;font-size:11px}
@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}`;

function tableHtml(t: ReportTable): string {
  const rows = t.rows.slice(0, READABLE_ROW_LIMIT);
  const cut = t.rows.length > rows.length ? `<p class="note">${rows.length} of ${t.rows.length} rows shown; all are in the JSON and CSV of this report.</p>` : "";
  const head = `<tr>${t.columns.map((c) => `<th>${escapeXml(c)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c === null ? "" : String(c))}</td>`).join("")}</tr>`).join("\n");
  return `<h2>${escapeXml(t.title)}</h2>\n<table>${head}\n${body}</table>${cut}`;
}

export function reportTitle(report: Report): string {
  return `Provenance report: ${report.kind} ${report.subject} as of block ${report.asOf.block}`;
}

/** The page in pieces: the head and figures, then one piece per table, then the end. */
export function* htmlChunks(report: Report): Generator<string> {
  const figures = headlineFigures(report)
    .map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`)
    .join("");
  const unchecked = report.offChain.contentChecks;
  yield `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(reportTitle(report))}</title>
<meta name="report-digest" content="sha-256:${report.digest.value}"><style>${STYLE}</style></head>
<body>
<h1>${escapeXml(reportTitle(report))}</h1>
<p class="anchor">Chain ${escapeXml(report.chain.chainId)}, block ${escapeXml(report.asOf.block)} (hash ${escapeXml(report.asOf.blockHash)}, time ${escapeXml(report.asOf.timestamp)})<br>
Report digest: sha-256:${report.digest.value} (SHA-256 of the canonical JSON, RFC 8785, without its digest member)<br>
Schema ${escapeXml(report.schema)} v${escapeXml(report.schemaVersion)}</p>
<table class="figures">${figures}</table>
<p class="note">Every row cites its evidence (transaction, block, log index). Check it all against the chain with <code>npm run verify-report -- report.json --rpc URL</code>.
Content checks: ${escapeXml(unchecked.note)}${unchecked.available ? `; ${unchecked.checked} checked, ${unchecked.failed.length} failed` : ""}.</p>
${reportCharts(report.sections).join("\n")}
`;
  let first = true;
  for (const table of reportTableStream(report)) {
    yield `${first ? "" : "\n"}${tableHtml(table)}`;
    first = false;
  }
  yield `
</body></html>
`;
}

export function renderHtml(report: Report): string {
  return [...htmlChunks(report)].join("");
}
