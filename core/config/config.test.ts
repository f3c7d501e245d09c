/**
 * The configuration contract: docs/configuration.md lists exactly the declared variables with
 * the same defaults, nothing outside core/config reads process.env, and a bad value stops with
 * CONFIG_INVALID naming the variable and what it expects.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { readHubEnv, readHubEnvDetailed, variables } from "./index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SKIP = new Set(["node_modules", ".git", ".data", ".devnet", ".ponder", "generated"]);

function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** `| \`NAME\` | default | meaning |` rows of the doc. */
function documentedVariables(): Map<string, string> {
  const doc = readFileSync(join(ROOT, "docs", "configuration.md"), "utf8");
  const rows = new Map<string, string>();
  for (const match of doc.matchAll(/^\| `([A-Z0-9_]+)` \| (.*?) \| /gm)) rows.set(match[1]!, match[2]!.replace(/\\\|/g, "|"));
  return rows;
}

test("docs/configuration.md lists every declared variable with its default, and nothing else", () => {
  const documented = documentedVariables();
  const declared = Object.keys(variables);
  assert.deepEqual([...declared].filter((n) => !documented.has(n)), [], "declared in core/config/variables.ts but missing from docs/configuration.md");
  assert.deepEqual([...documented.keys()].filter((n) => !(n in variables)), [], "documented but not declared");
  for (const [name, spec] of Object.entries(variables)) assert.equal(documented.get(name), spec.default.replace(/\|/g, "|"), `default of ${name}`);
});

test("only core/config reads process.env, and every variable read by name is declared", () => {
  const offenders: string[] = [];
  const undeclared: string[] = [];
  for (const file of sourceFiles()) {
    const rel = relative(ROOT, file);
    const text = readFileSync(file, "utf8");
    if (rel.startsWith(join("core", "config"))) {
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) if (!(m[1]! in variables)) undeclared.push(`${rel}: ${m[1]}`);
      continue;
    }
    if (/process\s*\.\s*env\b|process\s*\[\s*["']env["']\s*\]/.test(text)) offenders.push(rel);
    // names read off the typed configuration (hubEnv() or an env parameter) must be declared
    for (const m of text.matchAll(/\b(?:hubEnv\(\)|env)\.([A-Z][A-Z0-9_]+)\b/g)) if (!(m[1]! in variables)) undeclared.push(`${rel}: ${m[1]}`);
  }
  assert.deepEqual(offenders, [], "read the environment through core/config (hubEnv()) and declare the variable in core/config/variables.ts and docs/configuration.md");
  assert.deepEqual(undeclared, [], "variables read but not declared");
});

test("defaults apply when the environment is empty; empty strings count as unset", () => {
  const env = readHubEnv({ REDIS_URL: "", REPLAY_BATCH_SIZE: "" });
  assert.equal(env.REDIS_URL, undefined);
  assert.equal(env.REPLAY_BATCH_SIZE, 256);
  assert.equal(env.LOG_LEVEL, "info");
  assert.equal(env.SIM_DISHONEST_SHARE, 0.02);
  assert.equal(env.KEEP_INDEXER_DIRS, false);
});

test("a bad value stops with CONFIG_INVALID naming the variable and what it expects", () => {
  assert.throws(
    () => readHubEnv({ REPLAY_BATCH_SIZE: "zero", CLICKHOUSE_URL: "not a url" }),
    (e: Error & { code?: string; hint?: string }) =>
      e.code === "CONFIG_INVALID" && /REPLAY_BATCH_SIZE="zero" is invalid: expected a positive integer/.test(e.message) && /CLICKHOUSE_URL="not a url" is invalid: expected a URL/.test(e.message) && Boolean(e.hint),
  );
  assert.throws(() => readHubEnv({ REPLAY_EXECUTION_PROVIDER: "tpu" }), /REPLAY_EXECUTION_PROVIDER="tpu" is invalid: expected auto, cpu or cuda/);
});

test("one name for the RPC URL: the deprecated names are read when it is unset, and reported", () => {
  const { env, deprecatedNamesUsed } = readHubEnvDetailed({ PONDER_RPC_URL: "http://127.0.0.1:1" });
  assert.equal(env.RPC_URL, "http://127.0.0.1:1");
  assert.deepEqual(deprecatedNamesUsed, [{ name: "PONDER_RPC_URL", use: "RPC_URL" }]);
  assert.equal(readHubEnv({ RPC_URL: "http://a:1", DEVNET_RPC_URL: "http://b:2" }).RPC_URL, "http://a:1");
});

test("the GraphQL API's variables: a bad value stops start-up naming it", () => {
  assert.throws(() => readHubEnv({ API_MAX_PAGE: "5000" }), (e: Error & { code?: string }) => e.code === "CONFIG_INVALID" && /API_MAX_PAGE="5000" is invalid: expected a positive integer, at most 1000/.test(e.message));
  assert.throws(() => readHubEnv({ API_INTROSPECTION: "no" }), /API_INTROSPECTION="no" is invalid: expected on or off/);
  assert.throws(() => readHubEnv({ API_CORS_ORIGINS: "example.com" }), /API_CORS_ORIGINS="example.com" is invalid: expected \* or comma-separated origins/);
  assert.equal(readHubEnv({}).API_MAX_DEPTH, 14);
});
