/** What the GraphQL API (or anyone) needs to point at a report: its link, and its digest. */
import { gatherReport, type ReportSources } from "./gather/gather-report.js";
import type { ReportFormat } from "./render/render-report.js";
import type { ReportKind } from "./report.js";

/** The path of a report on the hub's HTTP API (relative: prefix the API's origin). Pure. */
export function reportLink(kind: ReportKind, id: string, asOf: bigint | string, format: ReportFormat = "json"): string {
  return `/reports/${kind}/${encodeURIComponent(id)}?asOf=${asOf.toString()}&format=${format}`;
}

/** The digest of the report as of a block: every format cites this one. Reads the database and the chain. */
export async function reportDigest(sources: ReportSources, kind: ReportKind, id: string, asOf: bigint): Promise<string> {
  return (await gatherReport(sources, kind, id, asOf)).digest.value;
}
