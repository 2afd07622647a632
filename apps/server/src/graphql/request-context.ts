import DataLoader from 'dataloader';
import type { Request, Response } from 'express';
import type { Viewer } from '../accounts/sessions.service';

/**
 * Per-request DataLoaders, keyed by name. Each resolver supplies the batch function from its own
 * service, so domains stay independent while every per-item fetch in one request is batched.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(keys));
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export interface RequestContext {
  req?: Request;
  res?: Response;
  /** The signed-in person, or null for an anonymous reader. */
  viewer: Viewer | null;
  loaders: LoaderRegistry;
}

export function createRequestContext(req?: Request, res?: Response): RequestContext {
  return { req, res, viewer: req?.viewer ?? null, loaders: new LoaderRegistry() };
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
