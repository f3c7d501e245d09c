/**
 * What a poller inside the hub has been doing, for the status route and for tests that must
 * show "at rest it reads nothing" without timing anything: when it last looked, when it last
 * worked, how many rows that work read, and totals since start.
 */

/** "idle": the last look found nothing new; "catching up": reading new blocks (or the first sync after a start); "resync after reorg": re-reading the unfinalized window. */
export type PollerMode = "idle" | "catching up" | "resync after reorg";

export type WorkKind = "incremental" | "resync";

export type LastWork = { kind: WorkKind; fromBlock: bigint; toBlock: bigint; rowsRead: number; at: Date; ms: number };

export type ActivitySnapshot = {
  mode: PollerMode;
  polls: number;
  lastPollAt: Date | undefined;
  lastWorkAt: Date | undefined;
  lastWork: LastWork | undefined;
  /** Rounds that read rows (incremental or resync). */
  works: number;
  resyncs: number;
  /** Rows the cheap change checks returned, all polls together. */
  checkRowsTotal: number;
  /** Rows the work read from the indexer's tables, all rounds together. */
  rowsReadTotal: number;
};

/** Counts one poller's activity; the poller calls it, the status route reads snapshot(). */
export class ActivityRecorder {
  private state: ActivitySnapshot = { mode: "catching up", polls: 0, lastPollAt: undefined, lastWorkAt: undefined, lastWork: undefined, works: 0, resyncs: 0, checkRowsTotal: 0, rowsReadTotal: 0 };

  polled(checkRows: number, now = new Date()): void {
    this.state.polls++;
    this.state.lastPollAt = now;
    this.state.checkRowsTotal += checkRows;
  }

  idle(): void {
    this.state.mode = "idle";
  }

  /** Marks the start of work: the mode the status route shows while it runs. */
  working(mode: Exclude<PollerMode, "idle">): void {
    this.state.mode = mode;
  }

  worked(work: Omit<LastWork, "at" | "ms">, startedAt: number, now = new Date()): void {
    this.state.lastWork = { ...work, at: now, ms: Math.round(performance.now() - startedAt) };
    this.state.lastWorkAt = now;
    this.state.works++;
    if (work.kind === "resync") this.state.resyncs++;
    this.state.rowsReadTotal += work.rowsRead;
  }

  snapshot(): ActivitySnapshot {
    return { ...this.state, lastWork: this.state.lastWork ? { ...this.state.lastWork } : undefined };
  }
}
