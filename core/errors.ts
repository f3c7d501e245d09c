/**
 * Every error the hub raises on purpose extends HubError: a stable `code` for programs, a
 * message for people, a `hint` saying what to try next, and the `cause` kept.
 */
export type HubErrorOptions = {
  hint?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
};

export class HubError extends Error {
  /**
   * Whether trying the same work again may succeed: a property of the error's type. HubError
   * is permanent (bad input, bad configuration); TransientError and its subclasses are retryable.
   */
  get retryable(): boolean {
    return false;
  }

  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** One line for a terminal: the message, then what to do about it. */
  toDisplayString(): string {
    return this.hint ? `${this.code}: ${this.message}\n  hint: ${this.hint}` : `${this.code}: ${this.message}`;
  }
}

/** A failure worth retrying as it is: a store briefly away, a source that has not caught up. */
export class TransientError extends HubError {
  override get retryable(): boolean {
    return true;
  }
}

/**
 * Whether a failure may go away on retry. Our errors say so by their type; anything else (a
 * driver's network error, a timeout) is treated as retryable, since bad input is always ours.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof HubError ? error.retryable : true;
}

/** A programming or input error in a pure function (an empty list, a malformed document). */
export class InvalidInputError extends HubError {
  constructor(code: string, message: string, options: HubErrorOptions = {}) {
    super(code, message, options);
  }
}

export class ConfigError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("CONFIG_INVALID", message, options);
  }
}

export function isHubError(value: unknown): value is HubError {
  return value instanceof HubError;
}
