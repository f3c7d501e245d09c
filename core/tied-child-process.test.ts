import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { spawnTiedToParent } from "./tied-child-process.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await sleep(100);
  }
  return !alive(pid);
}

/** A program that ignores SIGTERM, like a hung process whose handlers never run. */
const STUBBORN = ["-c", 'trap "" TERM; while :; do sleep 0.1; done'];

test("the wrapper does not exit before a program that ignores SIGTERM; SIGKILL of the program ends both", async () => {
  const { child, programPid } = spawnTiedToParent("/bin/sh", STUBBORN, { killGraceMs: 1000 });
  const pid = await programPid;
  let wrapperExited = false;
  child.once("exit", () => (wrapperExited = true));
  child.kill("SIGTERM");
  await sleep(800);
  assert.equal(alive(pid), true, "the program ignored SIGTERM");
  assert.equal(wrapperExited, false, "so the wrapper still waits for it: its caller can see it and escalate");
  process.kill(pid, "SIGKILL");
  await new Promise((r) => (wrapperExited ? r(null) : child.once("exit", r)));
  assert.equal(alive(pid), false);
});

test("when the parent is SIGKILLed, a program that ignores SIGTERM is SIGKILLed after the grace period", async () => {
  const parent = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e",
    `import { spawnTiedToParent } from "./core/tied-child-process.ts"; const t = spawnTiedToParent("/bin/sh", ${JSON.stringify(STUBBORN)}, { killGraceMs: 1000 }); console.log("PID=" + (await t.programPid)); setInterval(() => {}, 1000);`,
  ], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  parent.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  while (!/PID=(\d+)/.test(out)) await sleep(50);
  const pid = Number(/PID=(\d+)/.exec(out)![1]);
  parent.kill("SIGKILL");
  assert.equal(await gone(pid, 15_000), true, "no process left behind");
});
