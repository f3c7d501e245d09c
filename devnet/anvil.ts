/**
 * Starts anvil (the binary shipped in npm @foundry-rs/anvil) on a free loopback port, tied to
 * this process (core/tied-child-process.ts) so that it cannot outlive it, even a SIGKILLed one.
 */
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { HubError } from "../core/errors.js";
import { spawnTiedToParent } from "../core/tied-child-process.js";

export const DEVNET_CHAIN_ID = 31337;
/** 2026-01-01T00:00:00Z: a fixed genesis so that the same seed gives the same chain. */
export const DEVNET_GENESIS_TIMESTAMP = 1_767_225_600;

export type StartAnvilParameters = {
  port?: number;
  chainId?: number;
  /** Mine only on request (evm_mine), so the simulator decides what each block holds. */
  manualMining?: boolean;
  genesisTimestamp?: number;
};

export type AnvilInstance = {
  rpcUrl: string;
  port: number;
  chainId: number;
  pid: number;
  stop(): Promise<void>;
};

export class AnvilStartError extends HubError {
  constructor(message: string, cause?: unknown) {
    super("DEVNET_ANVIL_START_FAILED", message, {
      hint: "check that npm install completed (node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil) and that loopback ports are free",
      cause,
    });
  }
}

export function anvilBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
  try {
    return join(dirname(require.resolve(`${platformPackage}/package.json`)), "bin", "anvil");
  } catch (cause) {
    throw new AnvilStartError(`the anvil binary package ${platformPackage} is not installed`, cause);
  }
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new HubError("NO_FREE_PORT", "the operating system gave no loopback port"))));
    });
  });
}

async function waitForRpc(rpcUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new AnvilStartError(`anvil exited with code ${child.exitCode}: ${output()}`);
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AnvilStartError(`anvil did not answer on ${rpcUrl} within 20 s: ${output()}`);
}

export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<AnvilInstance> {
  const port = parameters.port ?? (await freeLoopbackPort());
  const chainId = parameters.chainId ?? DEVNET_CHAIN_ID;
  const args = [
    "--host", "127.0.0.1",
    "--port", String(port),
    "--chain-id", String(chainId),
    "--timestamp", String(parameters.genesisTimestamp ?? DEVNET_GENESIS_TIMESTAMP),
    "--gas-limit", "2000000000",
    "--order", "fifo",
    "--accounts", "1",
    "--balance", "100000000",
    "--no-request-size-limit",
    "--silent",
  ];
  if (parameters.manualMining ?? true) args.push("--no-mining");
  const { child } = spawnTiedToParent(anvilBinaryPath(), args);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForRpc(rpcUrl, child, () => output);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return {
    rpcUrl,
    port,
    chainId,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin?.end();
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}
