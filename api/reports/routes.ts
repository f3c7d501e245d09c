/**
 * GET /reports/{model|datanet|account|inference}/:id?asOf=&format=json|csv|html|pdf
 *
 * Answers the report's bytes as they are rendered (one table, one zip entry, 64 KiB of JSON at a
 * time, as the client reads them), with its digest in `x-report-digest`: the file is never held
 * whole. Bad input answers a JSON error with a stable code (and the process keeps serving), all
 * of it found before the first byte is sent. The key rule is api/reports/access.ts; a rate
 * limit is an optional hook (the hub app's per-client limit applies to this route too).
 */
import { Hono, type Context } from "hono";
import { isHubError } from "../../core/errors.js";
import { componentLogger } from "../../core/logger.js";
import { apiKeyOf } from "../http/api-key.js";
import { reportKeyAccepted, type ReportAccess } from "./access.js";
import { ReportBadRequestError, ReportUnauthorizedError, ReportUnknownKindError } from "./errors.js";
import { gatherReport } from "./gather/gather-report.js";
import { CONTENT_TYPES, FILE_EXTENSIONS, parseReportFormat, streamReport } from "./render/render-report.js";
import { reportKinds, type ReportKind } from "./report.js";

const log = componentLogger("reports");

export type ReportRoutesOptions = ReportAccess & {
  /** Returns false to refuse a request (429); the hub's shared rate limiter goes here. */
  allow?: (c: Context) => boolean | Promise<boolean>;
};

const STATUS: Record<string, 400 | 401 | 404 | 409 | 503> = {
  REPORT_BAD_REQUEST: 400,
  REPORT_UNKNOWN_FORMAT: 400,
  REPORT_UNKNOWN_KIND: 400,
  REPORT_BLOCK_IN_FUTURE: 400,
  REPORT_BLOCK_NOT_INDEXED: 409,
  REPORT_UNAUTHORIZED: 401,
  REPORT_SUBJECT_NOT_FOUND: 404,
  REPORT_RPC_UNAVAILABLE: 503,
  REPORT_INDEXER_HEAD_UNKNOWN: 503,
};

function parseAsOf(value: string | undefined): bigint | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,20}$/.test(value)) throw new ReportBadRequestError(`asOf "${value}" is not a block number`, "a decimal block number, or leave it out for the indexed head");
  return BigInt(value);
}

/** Pulls one chunk at a time, so rendering waits for the client (backpressure). */
function readable(chunks: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        log.error({ err: error }, "report failed while streaming");
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

export function reportRoutes(options: ReportRoutesOptions): Hono {
  const app = new Hono();
  app.get("/:kind/:id", async (c) => {
    try {
      if (!reportKeyAccepted(options, apiKeyOf(c.req.raw.headers))) throw new ReportUnauthorizedError();
      if (options.allow && !(await options.allow(c))) return c.json({ error: { code: "RATE_LIMITED", message: "too many report requests", hint: "retry later" } }, 429);
      const kind = c.req.param("kind");
      if (!reportKinds.includes(kind as ReportKind)) throw new ReportUnknownKindError(kind);
      const format = parseReportFormat(c.req.query("format"));
      const asOf = parseAsOf(c.req.query("asOf"));
      const sources = await options.sources().catch(() => undefined);
      if (!sources) return c.json({ error: { code: "REPORTS_UNAVAILABLE", message: "reports are not served by this process" } }, 503);
      const report = await gatherReport(sources, kind as ReportKind, c.req.param("id"), asOf);
      const filename = `${kind}-${report.subject}-block-${report.asOf.block}.${FILE_EXTENSIONS[format]}`;
      return new Response(readable(streamReport(report, format)), {
        headers: {
          "content-type": CONTENT_TYPES[format],
          "content-disposition": `${format === "html" ? "inline" : "attachment"}; filename="${filename}"`,
          "x-report-digest": `sha-256:${report.digest.value}`,
          "x-report-block": report.asOf.block,
        },
      });
    } catch (error) {
      if (isHubError(error)) {
        const status = STATUS[error.code] ?? 500;
        if (status === 500) log.error({ err: error }, "report failed");
        return c.json({ error: { code: error.code, message: error.message, hint: error.hint } }, status);
      }
      log.error({ err: error }, "report failed");
      return c.json({ error: { code: "REPORT_FAILED", message: "the report could not be produced" } }, 500);
    }
  });
  return app;
}
