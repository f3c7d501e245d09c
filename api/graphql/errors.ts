/**
 * The API's errors: HubErrors whose `code` the server puts in `extensions.code`. Which one a
 * resolver throws is part of the API's contract (docs/api.md, "Errors").
 */
import { HubError, type HubErrorOptions } from "../../core/errors.js";

/** A well-formed request naming something that does not exist (as of the answered block). */
export class NotFoundError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("NOT_FOUND", message, options);
  }
}

/** An argument the API cannot answer: a bad address, cursor, page size or a future block. */
export class BadUserInputError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("BAD_USER_INPUT", message, options);
  }
}

/** An operation that needs an API key was sent without a valid one. */
export class UnauthenticatedError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("UNAUTHENTICATED", message, options);
  }
}

/** An optional service (analytics store, replay verdicts) is not running in this process. */
export class ServiceUnavailableError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("SERVICE_UNAVAILABLE", message, options);
  }
}
