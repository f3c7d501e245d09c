/**
 * The one way an error that is not thrown to a caller gets reported: logged with its code and
 * cause chain on the component's logger, and counted in hub_errors_total. Every `error` event of
 * BullMQ, ioredis, pg and chDB goes through here, so nothing is swallowed.
 */
import type { Logger } from "../logger.js";
import { errorCode, errorsTotal } from "./registry.js";

export function reportError(log: Logger, error: unknown, message: string): void {
  const code = errorCode(error);
  const component = (log.bindings() as { component?: string }).component ?? "hub";
  errorsTotal.inc({ code, component });
  log.error({ err: error, code }, message);
}

/** A listener for an emitter's `error` event (pool.on("error", …), worker.on("error", …)). */
export function errorListener(log: Logger, what: string): (error: unknown) => void {
  return (error) => reportError(log, error, `${what}: ${error instanceof Error ? error.message : String(error)}`);
}
