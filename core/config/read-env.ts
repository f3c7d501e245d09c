/**
 * The one place that reads the environment: every variable of variables.ts parsed with its
 * schema, once. A bad value stops start-up with a ConfigError (CONFIG_INVALID) naming the
 * variable and what it expects; everything else receives the typed values.
 */
import { ConfigError } from "../errors.js";
import { variables, type HubEnv, type VariableName, type VariableSpec } from "./variables.js";

export type EnvSource = Readonly<Record<string, string | undefined>>;

export type ReadHubEnvResult = { env: HubEnv; deprecatedNamesUsed: { name: string; use: VariableName }[] };

/** Parses `source` (process.env by default); empty strings count as unset. */
export function readHubEnvDetailed(source: EnvSource = process.env): ReadHubEnvResult {
  const parsed: Record<string, unknown> = {};
  const problems: string[] = [];
  const deprecatedNamesUsed: ReadHubEnvResult["deprecatedNamesUsed"] = [];
  for (const [name, spec] of Object.entries(variables) as [VariableName, (typeof variables)[VariableName]][]) {
    let raw = source[name] === "" ? undefined : source[name];
    let readAs: string = name;
    for (const old of (spec as VariableSpec).deprecatedNames ?? []) {
      if (raw !== undefined) break;
      const value = source[old];
      if (value !== undefined && value !== "") {
        raw = value;
        readAs = old;
        deprecatedNamesUsed.push({ name: old, use: name });
      }
    }
    const result = spec.schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${readAs}=${JSON.stringify(raw)} is invalid: expected ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.join("\n"), { hint: "fix or unset the variable; docs/configuration.md lists every variable with its default", details: { problems } });
  }
  return { env: parsed as HubEnv, deprecatedNamesUsed };
}

export function readHubEnv(source: EnvSource = process.env): HubEnv {
  return readHubEnvDetailed(source).env;
}

let cached: ReadHubEnvResult | undefined;

/** The process's configuration, read and validated on first use. */
export function hubEnv(): HubEnv {
  cached ??= readHubEnvDetailed();
  return cached.env;
}

/** Deprecated variable names this process was started with (the CLIs warn about them). */
export function deprecatedNamesInUse(): ReadHubEnvResult["deprecatedNamesUsed"] {
  cached ??= readHubEnvDetailed();
  return cached.deprecatedNamesUsed;
}

/**
 * The environment for a child process: ours, with `overrides` applied (undefined removes a
 * variable). The one sanctioned way to pass the environment on.
 */
export function childEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
