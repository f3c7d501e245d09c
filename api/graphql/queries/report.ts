/**
 * `report(kind, id, asOf, format)` and `Model.report(format)`: the link and digest of a compliance
 * report (api/reports/), gathered as of the block the rest of the request answers for (ctx.view). The same access rule
 * as the REST route (api/reports/access.ts): a key there is a key here. Report errors are
 * answered with the API's codes: an unknown subject is NOT_FOUND (null), a malformed id
 * BAD_USER_INPUT, a chain node that does not answer SERVICE_UNAVAILABLE.
 */
import { isHubError } from "../../../core/errors.js";
import { apiKeyOf } from "../../http/api-key.js";
import { reportKeyAccepted } from "../../reports/access.js";
import { gatherReport } from "../../reports/gather/gather-report.js";
import type { ReportSources } from "../../reports/gather/gather-report.js";
import type { ReportFormat } from "../../reports/render/render-report.js";
import type { ReportKind } from "../../reports/report.js";
import { builder } from "../builder.js";
import type { ProvenanceContext } from "../context.js";
import { BadUserInputError, NotFoundError, ServiceUnavailableError, UnauthenticatedError } from "../errors.js";
import { AsOfInputRef } from "../types/evidence.js";
import { ModelRef } from "../types/refs.js";
import { ReportFormatEnum, ReportKindEnum, ReportLinkRef, type ReportLinkRow } from "../types/report.js";

const BAD_INPUT = new Set(["REPORT_BAD_REQUEST", "REPORT_BLOCK_IN_FUTURE", "REPORT_BLOCK_NOT_INDEXED", "REPORT_UNKNOWN_KIND", "REPORT_UNKNOWN_FORMAT"]);
const UNAVAILABLE = new Set(["REPORT_RPC_UNAVAILABLE", "REPORT_INDEXER_HEAD_UNKNOWN"]);

/** The API's error for a report error (the report's own code stays in `details.reportCode`). */
function apiErrorOf(error: unknown): unknown {
  if (!isHubError(error)) return error;
  const options = { hint: error.hint, cause: error, details: { reportCode: error.code } };
  if (error.code === "REPORT_SUBJECT_NOT_FOUND") return new NotFoundError(error.message, options);
  if (BAD_INPUT.has(error.code)) return new BadUserInputError(error.message, options);
  if (UNAVAILABLE.has(error.code)) return new ServiceUnavailableError(error.message, options);
  return error;
}

/** The sources to gather from, once the request may export: UNAUTHENTICATED before anything is read. */
async function exportSources(ctx: ProvenanceContext): Promise<ReportSources> {
  const access = ctx.services.reports;
  if (!access) throw new ServiceUnavailableError("reports are not served by this process", { hint: "ask the hub's API process" });
  if (!reportKeyAccepted(access, apiKeyOf(ctx.headers))) throw new UnauthenticatedError("report exports need an API key", { hint: "send it in the x-api-key header" });
  const sources = await access.sources().catch(() => undefined);
  if (!sources) throw new ServiceUnavailableError("reports are not served by this process", { hint: "ask the hub's API process" });
  return sources;
}

async function reportAt(sources: ReportSources, kind: ReportKind, id: string, block: bigint, format: ReportFormat): Promise<ReportLinkRow> {
  try {
    return { report: await gatherReport(sources, kind, id, block), format };
  } catch (error) {
    throw apiErrorOf(error);
  }
}

// Gathering reads every fact of the subject and its proofs: count it like a large list.
const REPORT_COMPLEXITY = 1_000;

builder.queryField("report", (t) =>
  t.field({
    type: ReportLinkRef,
    nullable: true,
    description: "A compliance report's download link and digest as of the answered block. Gathers every fact of the subject, so it costs like a list of them.",
    complexity: REPORT_COMPLEXITY,
    args: {
      kind: t.arg({ type: ReportKindEnum, required: true }),
      id: t.arg.string({ required: true, description: "A decimal id (model, datanet, inference) or a 0x address (account)." }),
      asOf: t.arg({ type: AsOfInputRef, required: false, description: "Anchor the report at this block or time (default: the indexed head)." }),
      format: t.arg({ type: ReportFormatEnum, required: false, defaultValue: "json", description: "The file `link` serves (default JSON); the digest is the same for every format." }),
    },
    resolve: async (_root, args, ctx) => {
      const sources = await exportSources(ctx);
      const view = await ctx.view(args.asOf);
      return reportAt(sources, args.kind, args.id, view.block.number, args.format ?? "json");
    },
  }),
);

builder.objectField(ModelRef, "report", (t) =>
  t.field({
    type: ReportLinkRef,
    // Null with the error (UNAUTHENTICATED, SERVICE_UNAVAILABLE) rather than losing the model.
    nullable: true,
    description: "This model's compliance report as of the block the model was read at (the same as Query.report(kind: MODEL)).",
    complexity: REPORT_COMPLEXITY,
    args: { format: t.arg({ type: ReportFormatEnum, required: false, defaultValue: "json" }) },
    resolve: async (m, args, ctx) => reportAt(await exportSources(ctx), "model", m.row.id.toString(), m.at.block.number, args.format ?? "json"),
  }),
);
