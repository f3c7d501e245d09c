/** anvil never outlives the process that started it: not on stop(), not on SIGKILL. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { startAnvil } from "./anvil.js";
import { processAlive } from "../test/_setup/process.js";


async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
    return res.ok;
  } catch {
    return false;
  }
}

test("stop() ends anvil and frees its port", async () => {
  const anvil = await startAnvil();
  assert.equal(await rpcAnswers(anvil.rpcUrl), true);
  await anvil.stop();
  assert.equal(await rpcAnswers(anvil.rpcUrl), false);
});

test("a SIGKILLed parent leaves no anvil behind", async () => {
  const script = `import { startAnvil } from "./devnet/anvil.ts"; const a = await startAnvil(); console.log(a.rpcUrl); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  const rpcUrl = chunk.toString().trim();
  assert.equal(await rpcAnswers(rpcUrl), true, "anvil is up under the child");
  child.kill("SIGKILL");
  await once(child, "exit");
  let answered = true;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (answered = await rpcAnswers(rpcUrl))) await new Promise((r) => setTimeout(r, 100));
  assert.equal(answered, false, "anvil stopped answering after its parent was killed");
  assert.equal(processAlive(child.pid!), false);
});
