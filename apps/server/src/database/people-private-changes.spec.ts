import { changesElsewhere } from '../testing/changes-elsewhere';
import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Changes to people that no page shows (settings, secrets, the mailer's stamp, a new account) keep
 * page views in the read cache; a change to what pages show of people (a name) drops them.
 */
describe('changes to people that no page shows', () => {
  let t: TestApp;
  let elsewhere: Awaited<ReturnType<typeof changesElsewhere>>;

  beforeAll(async () => {
    t = await createTestApp();
    elsewhere = await changesElsewhere(t);
  });
  afterAll(async () => {
    await elsewhere.close();
    await t.close();
  });

  /** Runs `sql` as another process would; the change notifications it caused, once this process has heard them. */
  const changeElsewhere = (sql: string, parameters: unknown[] = []): Promise<string[]> => elsewhere.change(sql, parameters);

  const pageQuery = '{ page(slug: "reading-list") { id title latestChange { actor { displayName } } } }';
  /** The page's view: cached until a change to that page or to the whole site. */
  const readPage = () => t.graphql.execute<{ page: { id: number } }>(pageQuery, {}, undefined, { cacheable: true, concerns: (data) => [(data as { page: { id: number } }).page.id] });
  /** A read that concerns no particular page (a list of people, say): dropped by any change. */
  const readUnscoped = () => t.graphql.execute(`{ page(slug: "reading-list") { title } }`, {}, undefined, { cacheable: true });

  it('announces a settings change, a password change and a new account as concerning no page, and keeps page views cached', async () => {
    const [{ id: someone }] = (await t.dataSource.query(`SELECT id FROM users ORDER BY id LIMIT 1`)) as { id: number }[];
    for (const sql of [
      `UPDATE users SET notifications_emailed_at = now() WHERE id = $1`,
      `UPDATE users SET email_frequency = 'never', auto_watch = false, live_updates_paused = true WHERE id = $1`,
      `UPDATE users SET password_hash = 'not a real hash', email = 'someone@example.org' WHERE id = $1`,
    ]) {
      await readPage();
      await readUnscoped();
      expect(await changeElsewhere(sql, [someone])).toEqual(['users:']);
      expect(await countStatements(readPage)).toEqual([]);
      expect((await countStatements(readUnscoped)).length).toBeGreaterThan(0);
    }
    await readPage();
    // Raw SQL on purpose (not a factory): the row must come from outside this process, as another server's would.
    expect(await changeElsewhere(`INSERT INTO users (username, display_name) VALUES ('newcomer-to-the-cache', 'Newcomer')`)).toEqual(['users:']);
    expect(await countStatements(readPage)).toEqual([]);
  });

  it('announces a change of name as site-wide, so the page views showing it are read again', async () => {
    type Shown = { page: { latestChange: { actor: { displayName: string } } } };
    const author = ((await readPage()).data as unknown as Shown).page.latestChange.actor.displayName;
    expect(await changeElsewhere(`UPDATE users SET display_name = display_name || ' (renamed)' WHERE display_name = $1`, [author])).toEqual(['users']);
    expect(((await readPage()).data as unknown as Shown).page.latestChange.actor.displayName).toBe(`${author} (renamed)`);
  });

  it('says nothing for an update that changed no one', async () => {
    expect(await changeElsewhere(`UPDATE users SET email = 'x' WHERE id = -1`)).toEqual([]);
  });
});
