/**
 * Keeps the Ponder process alive: probes its /health every `probeIntervalMs` (with a timeout,
 * so a hung or stopped process counts as silent), and restarts it when it has not answered for
 * `unresponsiveAfterMs` or when it exits on its own. A restart stops the old process with
 * SIGTERM and SIGKILL after the grace period (hub/ponder-process.ts), so nothing is left
 * behind, and each new process is told the restarts so far (its /hub/status shows them).
 * Restarts that come too often (`maxRestarts` within `restartWindowMs`) end supervision:
 * `failed` resolves with the reason and the caller decides (the hub CLI exits).
 */
import type { PonderProcess } from "./ponder-process.js";
import type { PonderRestart } from "./shared/supervision-report.js";

export type PonderSupervisorOptions = {
  /** Starts Ponder (again), told the restarts so far. Prepares its stores each time. */
  start(restarts: readonly PonderRestart[]): Promise<PonderProcess>;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Silent for this long (no /health answer): restarted. Generous: backfill can be busy. */
  unresponsiveAfterMs?: number;
  /** Before a process has answered once (it builds, opens PGlite, migrates), this bound instead. */
  startupGraceMs?: number;
  maxRestarts?: number;
  restartWindowMs?: number;
  log: (line: string) => void;
};

export class PonderSupervisor {
  readonly restarts: PonderRestart[] = [];
  /** Resolves with the reason when the supervisor gives up (too many restarts). */
  readonly failed: Promise<string>;
  private fail!: (reason: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private restarting: Promise<void> | undefined;
  private lastAnswerAt = Date.now();
  private answeredOnce = false;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly unresponsiveAfterMs: number;

  private constructor(
    private current: PonderProcess,
    private readonly options: PonderSupervisorOptions,
  ) {
    this.probeIntervalMs = options.probeIntervalMs ?? 2000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5000;
    this.unresponsiveAfterMs = options.unresponsiveAfterMs ?? 60_000;
    this.failed = new Promise((resolve) => (this.fail = resolve));
  }

  static async start(options: PonderSupervisorOptions): Promise<PonderSupervisor> {
    const supervisor = new PonderSupervisor(await options.start([]), options);
    supervisor.schedule();
    return supervisor;
  }

  /** True once supervision has ended by giving up. */
  hasFailed = false;

  /** Waits for a restart in progress (or one about to begin for a process that just exited). */
  async settled(): Promise<void> {
    if (!this.current.isRunning() && !this.restarting && !this.stopping) await this.check();
    await this.restarting;
  }

  /** The Ponder process now running (a new one after each restart). */
  get ponder(): PonderProcess {
    return this.current;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), this.probeIntervalMs);
  }

  private async check(): Promise<void> {
    if (this.stopping || this.restarting) return;
    const ponder = this.current;
    if (!ponder.isRunning()) {
      const code = await ponder.exited;
      return this.restart(`exited on its own (code ${code})`);
    }
    if (await ponder.probeHealth(this.probeTimeoutMs)) {
      this.lastAnswerAt = Date.now();
      this.answeredOnce = true;
      return;
    }
    const silentMs = Date.now() - this.lastAnswerAt;
    const bound = this.answeredOnce ? this.unresponsiveAfterMs : (this.options.startupGraceMs ?? 180_000);
    if (silentMs >= bound) return this.restart(`did not answer /health for ${Math.round(silentMs / 1000)} s${this.answeredOnce ? "" : " since it started"}`);
  }

  /** Stops the current process (escalating to SIGKILL) and starts a new one. */
  restart(reason: string): Promise<void> {
    this.restarting ??= (async () => {
      const old = this.current;
      this.options.log(`indexer: Ponder (pid ${old.pid() ?? "?"}) ${reason}; restarting it`);
      await old.stop();
      const window = this.options.restartWindowMs ?? 600_000;
      const recent = this.restarts.filter((r) => Date.now() - Date.parse(r.at) < window).length;
      if (recent >= (this.options.maxRestarts ?? 5)) {
        this.stopping = true;
        this.hasFailed = true;
        this.fail(`Ponder needed ${recent + 1} restarts within ${Math.round(window / 1000)} s; the last: ${reason}`);
        return;
      }
      this.restarts.push({ at: new Date().toISOString(), reason });
      if (this.stopping) return;
      this.current = await this.options.start(this.restarts);
      this.lastAnswerAt = Date.now();
      this.answeredOnce = false;
      this.options.log(`indexer: Ponder restarted (pid ${await this.current.programPid}), restart ${this.restarts.length}; see /hub/status`);
    })()
      .catch((error: unknown) => {
        this.stopping = true;
        this.hasFailed = true;
        this.fail(`Ponder could not be restarted: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** Ends supervision and stops Ponder (SIGTERM, then SIGKILL after the grace period). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.restarting;
    await this.current.stop();
  }
}
