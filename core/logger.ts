/**
 * The hub's one logger: pino, JSON when stdout is not a terminal (for log shippers), readable
 * lines in a terminal. Every module gets a child with its `component`; errors are logged with
 * their code and cause chain through pino's `err` serializer.
 */
import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

export type CreateLoggerParameters = {
  level?: string;
  /** Readable lines instead of JSON; defaults to whether stdout is a terminal. */
  pretty?: boolean;
};

export function createRootLogger(parameters: CreateLoggerParameters = {}): Logger {
  const pretty = parameters.pretty ?? process.stdout.isTTY === true;
  return pino({
    level: parameters.level ?? "info",
    base: undefined,
    serializers: { err: pino.stdSerializers.errWithCause },
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname", translateTime: "HH:MM:ss.l" } } } : {}),
  });
}

let root: Logger | undefined;

/** A child of the process's root logger, tagged with the component that logs. */
export function componentLogger(component: string): Logger {
  root ??= createRootLogger();
  return root.child({ component });
}

/** Replaces the process's root logger (the composition root sets it once from configuration). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

/** A logger that drops everything: the default for libraries and tests that do not ask. */
export const silentLogger: Logger = pino({ level: "silent" });

/** Sets the process's root logger from the configuration's LOG_LEVEL and LOG_FORMAT (composition roots call it once). */
export function configureRootLogger(settings: { LOG_LEVEL: string; LOG_FORMAT: "auto" | "json" | "pretty" }): Logger {
  const logger = createRootLogger({ level: settings.LOG_LEVEL, pretty: settings.LOG_FORMAT === "auto" ? undefined : settings.LOG_FORMAT === "pretty" });
  setRootLogger(logger);
  return logger;
}
