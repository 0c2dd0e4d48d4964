/**
 * A small LRU of loaded models, by key (model name and version), so repeated explanations
 * of the same version neither download nor open it again. Loads are shared: concurrent
 * requests for a version that is still loading wait for the same load. An evicted model is
 * disposed (its ONNX session released) only once the last request using it is done, so a
 * burst of other versions cannot pull a session out from under a running explanation.
 */
export class ModelCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly capacity: number,
    private readonly load: (key: string) => Promise<T>,
    private readonly dispose: (value: T) => Promise<void>,
  ) {
    if (!(capacity >= 1)) throw new RangeError('a cache holds at least one model');
  }

  /** Runs `work` with the model of `key`, loading it if needed; the model stays usable until work ends. */
  async use<R>(key: string, work: (value: T) => Promise<R>): Promise<R> {
    let entry = this.entries.get(key);
    if (entry) {
      // Most recently used goes last: Map keeps insertion order.
      this.entries.delete(key);
    } else {
      entry = { value: this.load(key), users: 0, evicted: false };
      const loading = entry;
      // A failed load is forgotten, so the next request tries again.
      loading.value.catch(() => {
        if (this.entries.get(key) === loading) this.entries.delete(key);
        loading.evicted = true;
      });
    }
    this.entries.set(key, entry);
    entry.users++;
    this.evictBeyondCapacity();
    try {
      return await work(await entry.value);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) await this.disposeEntry(entry);
    }
  }

  /** Keys held, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Disposes every model (at shutdown, after the last request). */
  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const entry of all) entry.evicted = true;
    await Promise.all(all.filter((e) => e.users === 0).map((e) => this.disposeEntry(e)));
  }

  private evictBeyondCapacity(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(key);
      entry.evicted = true;
      // Nobody waits on an eviction: a release that fails costs memory at worst, never an answer.
      if (entry.users === 0) void this.disposeEntry(entry).catch(() => undefined);
    }
  }

  private async disposeEntry(entry: Entry<T>): Promise<void> {
    if (entry.disposed) return;
    entry.disposed = true;
    const value = await entry.value.catch(() => undefined);
    if (value !== undefined) await this.dispose(value);
  }
}

interface Entry<T> {
  value: Promise<T>;
  users: number;
  evicted: boolean;
  disposed?: boolean;
}
