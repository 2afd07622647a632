import DataLoader from 'dataloader';
import type { Request, Response } from 'express';
import type { Viewer } from '../accounts/sessions.service';

/**
 * Per-request DataLoaders, keyed by name. Each resolver supplies the batch function from its own
 * service, so domains stay independent while every per-item fetch in one request is batched.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  /** Values read ahead for loaders no resolver has asked for yet. */
  private readonly primed = new Map<string, [unknown, unknown][]>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(keys));
      for (const [key, value] of (this.primed.get(name) ?? []) as [K, V][]) loader.prime(key, value);
      this.primed.delete(name);
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Gives a loader values that one statement read along with something else (a page with its
   * current revision, say), so the field resolvers that load them run no statement of their own.
   * A key already loaded keeps its value.
   */
  prime<K, V>(name: string, entries: Iterable<readonly [K, V]>): void {
    const loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (loader) for (const [key, value] of entries) loader.prime(key, value);
    else {
      const pending = (this.primed.get(name) ?? []) as [K, V][];
      for (const [key, value] of entries) pending.push([key, value]);
      this.primed.set(name, pending as [unknown, unknown][]);
    }
  }
}

/**
 * What one request has read through the executor: the earliest read's stamp (DataVersion.current())
 * and the wiki pages everything read concerns (null once anything read concerns more than some
 * pages). A finished page built from these reads stays current exactly as long as they all do.
 */
export class RequestReads {
  private earliest: number | null | undefined = undefined;
  private pages: Set<number> | null = new Set();

  note(readAt: number | null, pages: readonly number[] | null): void {
    if (readAt === null) this.earliest = null;
    else if (this.earliest !== null) this.earliest = this.earliest === undefined ? readAt : Math.min(this.earliest, readAt);
    if (pages === null) this.pages = null;
    else if (this.pages) for (const page of pages) this.pages.add(page);
  }

  /** Null when nothing was read, or something was read that cannot be kept. */
  stamp(): { readAt: number; pages: readonly number[] | null } | null {
    if (this.earliest === null || this.earliest === undefined) return null;
    return { readAt: this.earliest, pages: this.pages ? [...this.pages] : null };
  }
}

export interface RequestContext {
  req?: Request;
  res?: Response;
  /** The signed-in person, or null for an anonymous reader. */
  viewer: Viewer | null;
  loaders: LoaderRegistry;
  reads: RequestReads;
  /**
   * Set by a field that read something only this person sees and that changes without a
   * data-changed notification (how far they have read a thread, what they folded): results read
   * in this request are then never kept by the read cache (see GraphqlExecutor).
   */
  personal?: boolean;
  /**
   * Set by a field that read how far the viewer has read threads (a thread list's unread counts).
   * That too changes with no data-changed notification, so such results are never kept by the read
   * cache; but a page kept for the viewer's session may hold them, since FinishedPages compares the
   * viewer's reading stamp (ThreadReadingService.readingStamp) before sending it again.
   */
  readingShown?: boolean;
}

export function createRequestContext(req?: Request, res?: Response): RequestContext {
  return { req, res, viewer: req?.viewer ?? null, loaders: new LoaderRegistry(), reads: new RequestReads() };
}

/** Orders batch results to match the keys DataLoader asked for. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const found = new Map<K, V>();
  for (const row of rows) found.set(keyOf(row), row);
  return keys.map((key) => found.get(key) ?? null);
}

/** Groups batch results into one list per key, in the order of `rows`. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
