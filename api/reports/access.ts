/**
 * Who may export reports, and from what: one object the hub hands to both the REST route and
 * the GraphQL `report` field, so the two cannot disagree on the key rule.
 */
import type { ReportSources } from "./gather/gather-report.js";

export type ReportAccess = {
  /** The database and chain reports are gathered from; undefined where this process has none. */
  sources: () => Promise<ReportSources | undefined>;
  /** When set, exports need it as the request's API key (api/http/api-key.ts: `x-api-key` or Bearer; REST answers 401 REPORT_UNAUTHORIZED, GraphQL UNAUTHENTICATED). */
  apiKey?: string;
};

/** Whether a request that presented the API key `sent` may export. Pure. */
export function reportKeyAccepted(access: Pick<ReportAccess, "apiKey">, sent: string | null | undefined): boolean {
  return access.apiKey === undefined || sent === access.apiKey;
}
