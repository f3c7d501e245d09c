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
  /** How long Ponder gets between SIGTERM and SIGKILL when stopped. */
  killGraceMs?: number;
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
  /** Resolves with Ponder's pid once it has started (undefined if it exited first). */
  programPid: Promise<number | undefined>;
  output(): string;
  /** True until the process has exited (after stop, kill or a crash). */
  isRunning(): boolean;
  exited: Promise<number | null>;
  /**
   * Waits for /ready while Ponder makes progress (new output or a higher indexed block); fails
   * only after `stallMs` without any, with the log's last lines. `timeoutMs` caps the whole wait.
   */
  waitReady(options?: { stallMs?: number; timeoutMs?: number }): Promise<void>;
  /** Whether Ponder answers /health within `timeoutMs` (a hung or stopped process does not). */
  probeHealth(timeoutMs: number): Promise<boolean>;
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
  const killGraceMs = parameters.killGraceMs ?? 10_000;
  const { child, programPid } = spawnTiedToParent(ponderBinaryPath(root), args, { cwd: root, env, killGraceMs });
  let tail = "";
  let innerPid: number | undefined;
  programPid.then((pid) => (innerPid = pid), () => undefined);
  let log: WriteStream | undefined = parameters.logFile ? createWriteStream(parameters.logFile, { flags: "a" }) : undefined;
  // A log file that cannot be written (its folder removed while the process winds down) costs
  // the copy on disk, never the process: the tail in memory stays.
  log?.on("error", () => {
    log = undefined;
  });
  let lastOutputAt = Date.now();
  const onData = (d: Buffer) => {
    const text = d.toString();
    lastOutputAt = Date.now();
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

  const signalProgram = (signal: NodeJS.Signals) => {
    try {
      if (innerPid !== undefined) process.kill(innerPid, signal);
    } catch {
      // already gone
    }
  };

  // SIGTERM (with SIGCONT, so a stopped process receives it), then SIGKILL after the grace
  // period: a hung Ponder that ignores SIGTERM is never left behind.
  const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
    if (!isRunning()) return;
    if (signal === "SIGKILL") signalProgram("SIGKILL");
    child.kill("SIGTERM");
    signalProgram("SIGCONT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, killGraceMs))]);
    if (isRunning()) {
      signalProgram("SIGKILL");
      child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (isRunning()) child.kill("SIGKILL");
      await exited;
    }
    child.stdin?.end();
  };

  const indexedBlock = async (): Promise<bigint | undefined> => {
    const status = await fetchStatus().catch(() => undefined);
    const blocks = Object.values(status ?? {}).map((c) => (c.block ? BigInt(c.block.number) : undefined));
    return blocks.length > 0 && blocks.every((b) => b !== undefined) ? blocks.reduce((a, b) => (b! < a! ? b : a)) : undefined;
  };

  const waitReady = async (options: { stallMs?: number; timeoutMs?: number } = {}): Promise<void> => {
    const stallMs = options.stallMs ?? 120_000;
    const deadline = Date.now() + (options.timeoutMs ?? 24 * 3600_000);
    let lastBlock: bigint | undefined;
    let lastProgressAt = Date.now();
    let lastBlockCheck = 0;
    for (;;) {
      if (!isRunning()) throw new PonderProcessError(`ponder exited (code ${child.exitCode}) before /ready`, tail);
      const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status === 200, () => false);
      if (ready) return;
      if (Date.now() - lastBlockCheck > 1000) {
        lastBlockCheck = Date.now();
        const block = await indexedBlock();
        if (block !== undefined && (lastBlock === undefined || block > lastBlock)) {
          lastBlock = block;
          lastProgressAt = Date.now();
        }
      }
      const progressAt = Math.max(lastProgressAt, lastOutputAt);
      if (Date.now() - progressAt > stallMs) {
        const lastLines = tail.split("\n").slice(-20).join("\n");
        throw new PonderProcessError(`ponder made no progress for ${Math.round(stallMs / 1000)} s before /ready (indexed block ${lastBlock ?? "none"}); its last lines:\n${lastLines}`, tail);
      }
      if (Date.now() > deadline) throw new PonderProcessError(`ponder did not reach /ready within ${Math.round((options.timeoutMs ?? 0) / 1000)} s`, tail);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port,
    pid: () => innerPid,
    programPid: programPid.then((p) => p, () => undefined),
    output: () => tail,
    isRunning,
    exited,
    waitReady,
    probeHealth: (timeoutMs) => fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.ok, () => false),
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
