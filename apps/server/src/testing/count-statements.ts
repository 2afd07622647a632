import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Counts the SQL statements TypeORM sends while `work` runs (every repository and raw query goes
 * through here). Not DataVersion's settle echoes (`SELECT pg_notify` with a `settled:` token): a
 * live event from earlier work waits for one, so one can land in any window, whatever `work` reads.
 */
export async function countStatements(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, ...args: Parameters<PostgresQueryRunner['query']>) {
    const parameters = args[1] as unknown[] | undefined;
    if (!(typeof parameters?.[1] === 'string' && parameters[1].startsWith('settled:'))) statements.push(String(args[0]));
    return original.apply(this, args);
  } as PostgresQueryRunner['query']);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
