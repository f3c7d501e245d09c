/** Errors of the replay worker: stable REPLAY_* codes, each with a hint. */
import { HubError, TransientError, type HubErrorOptions } from "../core/errors.js";

/** A failure worth retrying (the claim source has not caught up, a store is briefly away). */
export class ReplayTransientError extends TransientError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("REPLAY_TRANSIENT", message, { hint: "the job is retried with backoff", ...options });
  }
}

export class ReplayContextMissingError extends ReplayTransientError {
  constructor(what: string) {
    super(`${what} is not known to the claim source yet`, {
      hint: "the indexer (or RPC node) has not reached that block yet; the job is retried with backoff",
    });
  }
}

export class ReplayConfigError extends HubError {
  constructor(message: string, hint: string) {
    super("REPLAY_CONFIG_INVALID", message, { hint });
  }
}
