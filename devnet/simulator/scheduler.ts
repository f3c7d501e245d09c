/** Actions due at a given simulation block (counted from the simulation's first block). */
export type ScheduledAction = () => Promise<unknown>;

export class Scheduler {
  private readonly actions = new Map<number, ScheduledAction[]>();

  at(block: number, action: ScheduledAction): void {
    const list = this.actions.get(block) ?? [];
    list.push(action);
    this.actions.set(block, list);
  }

  async runDue(block: number): Promise<void> {
    const due = this.actions.get(block) ?? [];
    this.actions.delete(block);
    for (const action of due) await action();
  }

  get lastBlock(): number {
    return Math.max(-1, ...this.actions.keys());
  }

  get empty(): boolean {
    return this.actions.size === 0;
  }
}
