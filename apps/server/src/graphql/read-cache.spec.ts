import { Client } from 'pg';
import { DataVersion } from '../database/data-version.service';
import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('the read cache behind server-rendered pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const titleQuery = '{ page(slug: "reading-list") { title } }';
  const readTitle = async () =>
    ((await t.graphql.execute<{ page: { title: string } }>(titleQuery, {}, undefined, { cacheable: true })).data!.page.title);

  it('serves a change committed by another connection (another process) once PostgreSQL notifies it', async () => {
    expect(await readTitle()).toBe('Reading list');
    const versionBefore = t.app.get(DataVersion).current();

    const other = new Client({ connectionString: (t.dataSource.options as { url: string }).url });
    await other.connect();
    await other.query(`UPDATE pages SET title = 'Reading list, renamed elsewhere' WHERE slug = 'reading-list'`);
    await other.end();

    const deadline = Date.now() + 5000;
    while (t.app.get(DataVersion).current() === versionBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readTitle()).toBe('Reading list, renamed elsewhere');
  });

  it('answers a repeated cacheable query without touching the database', async () => {
    await readTitle();
    expect(await countStatements(readTitle)).toEqual([]);
  });

  it('does not serve cached results for queries that are not marked cacheable', async () => {
    await t.graphql.execute(titleQuery, {}, undefined, { cacheable: true });
    await t.dataSource.query(`UPDATE pages SET title = 'Reading list again' WHERE slug = 'reading-list'`);
    const { data } = await t.graphql.execute<{ page: { title: string } }>(titleQuery);
    expect(data!.page.title).toBe('Reading list again');
  });
});
