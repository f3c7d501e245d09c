/** A least-recently-used map bounded by a total cost (bytes, or 1 per entry). */
export class CostLru<K, V> {
  private readonly entries = new Map<K, { value: V; cost: number }>();
  private total = 0;

  constructor(
    private readonly maxCost: number,
    private readonly onEvict: (value: V, key: K) => void = () => {},
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Adds an entry and evicts the oldest until under the bound (the newest always stays). */
  set(key: K, value: V, cost: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.cost;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, cost });
    this.total += cost;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxCost || k === key) break;
      this.entries.delete(k);
      this.total -= e.cost;
      this.onEvict(e.value, k);
    }
  }

  delete(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.total -= e.cost;
  }

  get size(): number {
    return this.entries.size;
  }

  get cost(): number {
    return this.total;
  }

  values(): IterableIterator<{ value: V; cost: number }> {
    return this.entries.values();
  }

  clear(): void {
    for (const [k, e] of this.entries) this.onEvict(e.value, k);
    this.entries.clear();
    this.total = 0;
  }
}
