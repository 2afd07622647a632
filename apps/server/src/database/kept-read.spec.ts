import type { DataVersion } from './data-version.service';
import { KeptRead } from './kept-read';

/** DataVersion's two parts KeptRead uses: table listeners, and whether changes are being heard. */
function changeFeed() {
  const listeners = new Map<string, (() => void)[]>();
  const feed = {
    listening: true,
    dataVersion: {
      onTableChanged: (table: string, listener: () => void) => listeners.set(table, [...(listeners.get(table) ?? []), listener]),
      current: () => (feed.listening ? 1 : null),
    } as unknown as DataVersion,
    change: (table: string) => listeners.get(table)?.forEach((listener) => listener()),
  };
  return feed;
}

describe('KeptRead', () => {
  it('reads once until one of its tables changes, and shares a read under way', async () => {
    const feed = changeFeed();
    let reads = 0;
    const kept = new KeptRead(feed.dataVersion, ['stars'], async () => ++reads);
    expect(await Promise.all([kept.get(), kept.get()])).toEqual([1, 1]);
    expect(await kept.get()).toBe(1);
    feed.change('pages');
    expect(await kept.get()).toBe(1);
    feed.change('stars');
    expect(await kept.get()).toBe(2);
  });

  it('does not keep a read during which a change was heard: it may have read the old rows', async () => {
    const feed = changeFeed();
    let reads = 0;
    let finish: () => void = () => undefined;
    const kept = new KeptRead(feed.dataVersion, ['stars'], () => new Promise<number>((resolve) => (finish = () => resolve(++reads))));
    const first = kept.get();
    feed.change('stars');
    finish();
    expect(await first).toBe(1);
    const second = kept.get();
    finish();
    expect(await second).toBe(2);
    expect(await kept.get()).toBe(2);
  });

  it('keeps nothing while changes cannot be heard, and forgets what it kept', async () => {
    const feed = changeFeed();
    let reads = 0;
    const kept = new KeptRead(feed.dataVersion, ['stars'], async () => ++reads);
    expect(await kept.get()).toBe(1);
    feed.listening = false;
    expect(await kept.get()).toBe(2);
    expect(await kept.get()).toBe(3);
    feed.listening = true;
    expect(await kept.get()).toBe(4);
    expect(await kept.get()).toBe(4);
  });

  it('keeps nothing from a failed read', async () => {
    const feed = changeFeed();
    let reads = 0;
    const kept = new KeptRead(feed.dataVersion, ['stars'], async () => {
      reads++;
      if (reads === 1) throw new Error('the database went away');
      return reads;
    });
    await expect(kept.get()).rejects.toThrow('the database went away');
    expect(await kept.get()).toBe(2);
    expect(await kept.get()).toBe(2);
  });
});
