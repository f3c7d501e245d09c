/** Actions due at a given simulation block (counted from the simulation's first block). */
export type ScheduledAction = () => Promise<unknown>;

/**
 * What an action returns when the chain is not there yet (a voting period still open, a
 * timelock delay not passed): it runs again at the next block. On the devnet, with its fixed
 * block times, actions are due exactly when planned; on another node (automine, interval
 * mining, real timestamps) the chain's own state decides.
 */
export const NOT_YET = Symbol("not yet");

export class Scheduler {
  private readonly actions = new Map<number, ScheduledAction[]>();

  at(block: number, action: ScheduledAction): void {
    const list = this.actions.get(block) ?? [];
    list.push(action);
    this.actions.set(block, list);
  }

  /** The block whose actions are running (or last ran). */
  currentBlock = 0;

  async runDue(block: number): Promise<void> {
    this.currentBlock = block;
    const due = this.actions.get(block) ?? [];
    this.actions.delete(block);
    for (const action of due) {
      if ((await action()) === NOT_YET) this.at(block + 1, action);
    }
  }

  get lastBlock(): number {
    return Math.max(-1, ...this.actions.keys());
  }

  get empty(): boolean {
    return this.actions.size === 0;
  }
}
