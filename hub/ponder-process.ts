/**
 * Runs `ponder start` as a child process under Node 22 (node_modules/.bin/ponder), waits for
 * it to be ready or to have indexed a block, and stops it. A shell wrapper kills Ponder when
 * our stdin pipe closes, so it cannot outlive this process even when we are SIGKILLed.
 */
import { existsSync } from "node:fs";
import { createWriteStream, type WriteStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnvironment } from "../core/config/index.js";
import { HubError } from "../core/errors.js";
import { spawnTiedToParent } from "../core/tied-child-process.js";
import { freeLoopbackPort } from "../devnet/anvil.js";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export class PonderProcessError extends HubError {
  constructor(message: string, output: string, cause?: unknown) {
    super("INDEXER_PONDER_FAILED", message, {
      hint: "read the Ponder output below (or its log file); a schema built by another app version needs a new --schema or a dropped one",
      details: { output },
      cause,
    });
  }
}

export type StartPonderParameters = {
  /** The deployment record whose chain, addresses and start block are indexed. */
  deploymentFile: string;
  /** Database schema for Ponder's tables (`ponder start --schema`). */
  schema: string;
  /** Postgres server; PGlite in `pgliteDir` when unset. */
  databaseUrl?: string;
  pgliteDir?: string;
  port?: number;
  /** Project root holding ponder.config.ts (the bench's bare app has its own). */
  root?: string;
  /** Extra environment for the child (e.g. PONDER_POLLING_MS). */
  env?: Record<string, string>;
  /** Append Ponder's output here as well as keeping its tail in memory. */
  logFile?: string;
  /** `start` indexes (the default); `serve` only answers HTTP over the database another process indexes (an API replica). */
  command?: "start" | "serve";
};

export type PonderStatus = Record<string, { id: number; block: { number: number; timestamp: number } | null }>;

export type PonderProcess = {
  url: string;
  graphqlUrl: string;
  port: number;
  /** Ponder's own pid (not the wrapper's). */
  pid(): number | undefined;
  output(): string;
  /** True until the process has exited (after stop, kill or a crash). */
  isRunning(): boolean;
  exited: Promise<number | null>;
  waitReady(timeoutMs?: number): Promise<void>;
  fetchStatus(): Promise<PonderStatus | undefined>;
  /** Waits until every chain's indexed block is at least `block`. */
  waitForBlock(block: bigint | number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL Ponder itself: a crash, for restart tests. */
  kill(): Promise<void>;
};

export function ponderBinaryPath(root = PROJECT_ROOT): string {
  const bin = join(root, "node_modules", ".bin", "ponder");
  return existsSync(bin) ? bin : join(PROJECT_ROOT, "node_modules", ".bin", "ponder");
}

export async function startPonder(parameters: StartPonderParameters): Promise<PonderProcess> {
  const root = parameters.root ?? PROJECT_ROOT;
  const port = parameters.port ?? (await freeLoopbackPort());
  // Ponder reads these itself: only what this call passes may reach the child.
  const inherited = childEnvironment({ DATABASE_URL: undefined, DATABASE_PRIVATE_URL: undefined });
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    // npm's .bin puts the Node 22 binary first on PATH for `#!/usr/bin/env node`.
    PATH: `${join(PROJECT_ROOT, "node_modules", ".bin")}:${inherited.PATH ?? ""}`,
    DEPLOYMENT_FILE: resolve(parameters.deploymentFile),
    ...parameters.env,
  };
  // The schema is Ponder's --schema; the hub's code inside the process reads it under the same name.
  env.DATABASE_SCHEMA = parameters.schema;
  if (parameters.databaseUrl) env.DATABASE_URL = parameters.databaseUrl;
  if (parameters.pgliteDir) env.PONDER_PGLITE_DIR = resolve(parameters.pgliteDir);
  const args = [parameters.command ?? "start", "--root", root, "--schema", parameters.schema, "--port", String(port), "--hostname", "127.0.0.1", "--log-format", "pretty"];
  const { child, programPid } = spawnTiedToParent(ponderBinaryPath(root), args, { cwd: root, env });
  let tail = "";
  let innerPid: number | undefined;
  void programPid.then((pid) => (innerPid = pid));
  let log: WriteStream | undefined = parameters.logFile ? createWriteStream(parameters.logFile, { flags: "a" }) : undefined;
  const onData = (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-8000);
    log?.write(text);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("exit", (code) => {
      log?.end();
      log = undefined;
      resolveExit(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const poll = async (what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isRunning()) throw new PonderProcessError(`ponder exited (code ${child.exitCode}) before ${what}`, tail);
      try {
        if (await check()) return;
      } catch {
        // not listening yet
      }
      // Local chains index a block in well under 100 ms: poll often so callers wait little.
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new PonderProcessError(`ponder did not reach ${what} within ${Math.round(timeoutMs / 1000)} s`, tail);
  };

  const fetchStatus = async (): Promise<PonderStatus | undefined> => {
    const res = await fetch(`${url}/status`);
    if (!res.ok) return undefined;
    return (await res.json()) as PonderStatus;
  };

  const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
    if (!isRunning()) return;
    if (signal === "SIGKILL" && innerPid !== undefined) {
      try {
        process.kill(innerPid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    child.stdin?.end();
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (isRunning()) {
      if (innerPid !== undefined) process.kill(innerPid, "SIGKILL");
      child.kill("SIGKILL");
      await exited;
    }
  };

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port,
    pid: () => innerPid,
    output: () => tail,
    isRunning,
    exited,
    waitReady: (timeoutMs = 300_000) => poll("/ready", timeoutMs, async () => (await fetch(`${url}/ready`)).status === 200),
    fetchStatus,
    waitForBlock: (block, timeoutMs = 300_000) =>
      poll(`block ${block}`, timeoutMs, async () => {
        const status = await fetchStatus();
        if (!status) return false;
        const chains = Object.values(status);
        return chains.length > 0 && chains.every((c) => c.block !== null && BigInt(c.block.number) >= BigInt(block));
      }),
    stop: () => stopWith("SIGTERM"),
    kill: () => stopWith("SIGKILL"),
  };
}
