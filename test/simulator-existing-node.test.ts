/**
 * The README's path against an existing node: a plain anvil started by hand (not the devnet
 * helper: real timestamps, no evm_setNextBlockTimestamp), once with automine and once with
 * interval mining, and `npm run simulate` pointed at it through DEVNET_RPC_URL and
 * DEVNET_PRIVATE_KEY. The governance proposal goes through its whole life (executed after the
 * 60 s timelock delay of real time), so both runs take about a minute; they run side by side.
 */
import { childEnvironment } from "../core/config/index.js";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { freeLoopbackPort } from "../devnet/anvil.js";
import { ANVIL_DEV_KEY } from "../devnet/devnet.js";
import { PROJECT_ROOT } from "../hub/ponder-process.js";
import { processAlive } from "./_setup/process.js";

const ANVIL = join(PROJECT_ROOT, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

async function plainAnvil(extraArgs: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freeLoopbackPort();
  const child = spawn(ANVIL, ["--host", "127.0.0.1", "--port", String(port), "--silent", ...extraArgs], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' }).then((r) => r.ok, () => false);
    if (up) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`anvil ${extraArgs.join(" ")} did not start`);
}

async function simulateAgainst(url: string, dir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "devnet/cli/simulate.ts", "--seed", "existing-node", "--data-dir", join(dir, "data")], {
    cwd: PROJECT_ROOT,
    env: childEnvironment({ RPC_URL: url, DEVNET_PRIVATE_KEY: ANVIL_DEV_KEY, DEVNET_DIR: join(dir, "devnet") }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  return { code, output };
}

test("the simulator runs against a plain anvil with automine and with interval mining", { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "existing-node-"));
  const nodes = [await plainAnvil([]), await plainAnvil(["--block-time", "1"])];
  try {
    const runs = await Promise.all(nodes.map((n, i) => simulateAgainst(n.url, join(dir, String(i)))));
    for (const [i, run] of runs.entries()) {
      const mode = i === 0 ? "automine" : "interval mining";
      assert.equal(run.code, 0, `${mode}:\n${run.output}`);
      assert.match(run.output, /devnet: using at http/, mode);
      assert.match(run.output, /ProposalExecuted\s+1\b/, `${mode}: the proposal was executed through the timelock`);
      assert.match(run.output, /ProposalQueued\s+1\b/, mode);
      assert.match(run.output, /inferences\s+\d+ \(\d+ dishonest claims planted/, mode);
    }
  } finally {
    for (const n of nodes) n.child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
  for (const n of nodes) {
    await new Promise((r) => (n.child.exitCode !== null || n.child.signalCode !== null ? r(null) : n.child.once("exit", r)));
    assert.equal(processAlive(n.child.pid!), false);
  }
});
