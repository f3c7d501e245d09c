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

export class ConfigError extends HubError {
  constructor(message: string, options: HubErrorOptions = {}) {
    super("CONFIG_INVALID", message, options);
  }
}

export function isHubError(value: unknown): value is HubError {
  return value instanceof HubError;
}
