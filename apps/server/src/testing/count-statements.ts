import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/** Counts the SQL statements TypeORM sends while `work` runs (every repository and raw query goes through here). */
export async function countStatements(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, ...args: Parameters<PostgresQueryRunner['query']>) {
    statements.push(String(args[0]));
    return original.apply(this, args);
  } as PostgresQueryRunner['query']);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
