import type { DataVersion } from './data-version.service';

/**
 * One read kept in memory until any server process commits a change to a table it reads (heard
 * through DataVersion), for a read that many views share and that changes rarely: the
 * recommendation areas the featured page lists, say, which every view of that page and every view
 * after an edit of it would otherwise read again. Like the rendered-markdown and file caches, it is
 * kept with the read cache off too: READ_CACHE=off turns off keeping whole answers and pages.
 *
 * Never stale: a read that began before a change was heard is used for its own callers but not
 * kept; while the listening connection is down (changes could be missed) nothing is kept; a
 * process's own writes are heard before their mutation answers (DataVersion.settle). Callers that
 * ask while a read is under way share it.
 */
export class KeptRead<T> {
  private kept: { value: T } | null = null;
  private underWay: { value: Promise<T>; generation: number } | null = null;
  /** Counts the changes heard to the tables read; a read is kept only if none was heard while it ran. */
  private generation = 0;

  constructor(
    private readonly dataVersion: DataVersion,
    tables: readonly string[],
    private readonly read: () => Promise<T>,
  ) {
    const forget = () => {
      this.generation++;
      this.kept = null;
    };
    // Also called when the listening connection comes back, as changes may have been missed.
    for (const table of tables) dataVersion.onTableChanged(table, forget);
  }

  async get(): Promise<T> {
    if (this.dataVersion.current() === null) {
      this.kept = null;
      return this.read();
    }
    if (this.kept) return this.kept.value;
    if (this.underWay?.generation === this.generation) return this.underWay.value;
    const generation = this.generation;
    const value = this.read();
    this.underWay = { value, generation };
    try {
      const result = await value;
      if (generation === this.generation && this.dataVersion.current() !== null) this.kept = { value: result };
      return result;
    } finally {
      if (this.underWay?.value === value) this.underWay = null;
    }
  }
}
