/** The report errors, each with a stable code: what a program branches on, what the CLI prints. */
import { HubError, type HubErrorOptions } from "../../core/errors.js";

export class ReportSubjectNotFoundError extends HubError {
  constructor(kind: string, id: string, asOf: bigint, options: HubErrorOptions = {}) {
    super("REPORT_SUBJECT_NOT_FOUND", `no ${kind} ${id} on chain as of block ${asOf}`, {
      hint: "check the id, or ask as of a later block (asOf)",
      ...options,
    });
  }
}

export class ReportBlockInFutureError extends HubError {
  constructor(asOf: bigint, head: bigint) {
    super("REPORT_BLOCK_IN_FUTURE", `block ${asOf} is past the chain's head ${head}`, { hint: `ask as of a block <= ${head}, or leave asOf out for the indexed head`, details: { asOf: asOf.toString(), head: head.toString() } });
  }
}

/** Asked as of a block the chain has but the indexer has not reached: its facts may be missing. */
export class ReportBlockNotIndexedError extends HubError {
  constructor(asOf: bigint, indexedHead: bigint, chainHead: bigint) {
    super("REPORT_BLOCK_NOT_INDEXED", `block ${asOf} is past the indexer's head ${indexedHead} (the chain is at ${chainHead})`, {
      hint: `ask as of a block <= ${indexedHead}, leave asOf out for the indexed head, or retry when the indexer has caught up`,
      details: { asOf: asOf.toString(), indexedHead: indexedHead.toString(), chainHead: chainHead.toString() },
    });
  }
}

export class ReportIndexerHeadUnknownError extends HubError {
  constructor(message: string, cause?: unknown) {
    super("REPORT_INDEXER_HEAD_UNKNOWN", message, { hint: "check that the database and schema are the indexer's (Ponder's _ponder_checkpoint) and that it has indexed a block", cause });
  }
}

export class ReportBadRequestError extends HubError {
  constructor(message: string, hint: string) {
    super("REPORT_BAD_REQUEST", message, { hint });
  }
}

export class ReportUnknownFormatError extends HubError {
  constructor(format: string) {
    super("REPORT_UNKNOWN_FORMAT", `unknown report format "${format}"`, { hint: "use json, csv, html or pdf" });
  }
}

export class ReportUnknownKindError extends HubError {
  constructor(kind: string) {
    super("REPORT_UNKNOWN_KIND", `unknown report kind "${kind}"`, { hint: "use model, datanet, account or inference" });
  }
}

export class NotAReportError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("REPORT_NOT_A_REPORT", message, { hint: "give the report's JSON (schema provenance-hub.report), or a CSV/HTML/PDF together with its JSON", ...options });
  }
}

export class ReportRpcUnavailableError extends HubError {
  constructor(rpcUrl: string, cause: unknown) {
    super("REPORT_RPC_UNAVAILABLE", `the chain's RPC at ${rpcUrl} did not answer`, { hint: "check the URL and that the node is running", cause });
  }
}

export class ReportUnauthorizedError extends HubError {
  constructor() {
    super("REPORT_UNAUTHORIZED", "this export needs an API key", { hint: "send it in the x-api-key header" });
  }
}
