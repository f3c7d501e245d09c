/**
 * Spawns a long-running program (anvil, Ponder) that cannot outlive this process: a shell
 * wrapper holds our end of a stdin pipe, and when that closes (we exited, crashed or were
 * SIGKILLed) it kills the program. The wrapper exits with the program's exit code, and a normal
 * exit of ours SIGTERMs every child still alive.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { HubError } from "./errors.js";

const PID_MARKER = "__CHILD_PID__=";
const live = new Set<ChildProcess>();
let hooksInstalled = false;

function installExitHook(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGTERM");
  });
}

export type TiedChild = {
  child: ChildProcess;
  /** The program's own pid (the wrapper's child), once it has started. */
  programPid: Promise<number>;
};

export type TiedChildOptions = Omit<SpawnOptions, "stdio"> & {
  /** After our exit or crash, how long the program gets between SIGTERM and SIGKILL. */
  killGraceMs?: number;
};

export function spawnTiedToParent(program: string, args: readonly string[], options: TiedChildOptions = {}): TiedChild {
  // The trap forwards SIGTERM (and SIGCONT, so a stopped program gets it) and then waits for
  // the program to be gone: the wrapper never exits before it, so our caller can see a program
  // that ignores SIGTERM and escalate. If we vanish (our end of stdin closes) the watcher
  // escalates itself: SIGTERM, then SIGKILL after the grace period.
  const grace = Math.max(1, Math.ceil((options.killGraceMs ?? 5000) / 1000));
  const wrapper =
    `exec 3<&0; "$0" "$@" </dev/null & pid=$!; echo "${PID_MARKER}$pid"; ` +
    `trap 'kill -TERM $pid 2>/dev/null; kill -CONT $pid 2>/dev/null; wait $pid; kill $watcher 2>/dev/null; exit 143' TERM INT; ` +
    `(read _ignored <&3; kill -TERM $pid 2>/dev/null; kill -CONT $pid 2>/dev/null; sleep ${grace}; kill -KILL $pid 2>/dev/null) & watcher=$!; ` +
    `wait $pid; code=$?; kill $watcher 2>/dev/null; exit $code`;
  const { killGraceMs: _grace, ...spawnOptions } = options;
  const child = spawn("/bin/sh", ["-c", wrapper, program, ...args], { ...spawnOptions, stdio: ["pipe", "pipe", "pipe"] });
  live.add(child);
  child.once("exit", () => live.delete(child));
  installExitHook();
  const programPid = new Promise<number>((resolve, reject) => {
    let seen = "";
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = new RegExp(`${PID_MARKER}(\\d+)`).exec(seen);
      if (m) {
        child.stdout!.off("data", onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new HubError("CHILD_PROCESS_EXITED", `exited (code ${code}) before it started`, { hint: "run the command by hand to see why it stops" })));
  });
  programPid.catch(() => undefined);
  return { child, programPid };
}
