import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Typed rows for the read paths that run plain SQL: one statement reads an entity together with
 * what its page shows next to it (as JSON objects), and these turn each object back into the
 * entity TypeORM would have returned, so resolvers and DataLoaders see one shape either way.
 */

/**
 * SQL for one row of `alias` (an entity's table) as a JSON object keyed by column name, or NULL
 * when an outer join found no row. Columns TypeORM does not select by default (a password hash)
 * are left out, as are `except`.
 */
export function jsonOf<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, alias: string, except: readonly (keyof T & string)[] = []): string {
  const metadata = dataSource.getMetadata(target);
  const pairs = metadata.columns
    .filter((column) => column.isSelect && !except.includes(column.propertyName as keyof T & string))
    .map((column) => `'${column.databaseName}', ${alias}.${column.databaseName}`);
  const [primary] = metadata.primaryColumns;
  return `CASE WHEN ${alias}.${primary.databaseName} IS NULL THEN NULL ELSE jsonb_build_object(${pairs.join(', ')}) END`;
}

/** The entity from an object `jsonOf` built: properties by their names in code, timestamps as Dates. */
export function entityFrom<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, json: Record<string, unknown>): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as Record<string, unknown>;
  for (const column of metadata.columns) {
    if (!(column.databaseName in json)) continue;
    const value = json[column.databaseName];
    entity[column.propertyName] = value !== null && TIMESTAMPS.has(String(column.type)) ? new Date(value as string) : value;
  }
  return entity as T;
}

/** Like `entityFrom`, for a JSON value that may be NULL. */
export function optionalEntityFrom<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, json: Record<string, unknown> | null): T | null {
  return json === null ? null : entityFrom(dataSource, target, json);
}

const TIMESTAMPS = new Set(['timestamptz', 'timestamp', 'timestamp with time zone', 'date', String(Date)]);
