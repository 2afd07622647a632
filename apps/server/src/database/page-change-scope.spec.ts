import { changesElsewhere } from '../testing/changes-elsewhere';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * A change to pages names the pages whose views it alters (ChangeScopesPlannedOnce): a save names
 * only its own page; a change other pages show (a title, a slug, a deletion, a new page) also
 * names the pages linking to it and those it links to.
 */
describe('pages a change to pages concerns', () => {
  let t: TestApp;
  let elsewhere: Awaited<ReturnType<typeof changesElsewhere>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    elsewhere = await changesElsewhere(t);
    // Linking points at Middle, which links to Linked-to; Bystander has nothing to do with either.
    for (const slug of ['scope-linking', 'scope-middle', 'scope-linked-to', 'scope-bystander']) {
      const [{ id }] = await t.dataSource.query(`INSERT INTO pages (slug, title) VALUES ($1, $1) RETURNING id`, [slug]);
      ids[slug] = id;
    }
    await t.dataSource.query(`INSERT INTO page_links (from_page_id, to_slug) VALUES ($1, 'scope-middle'), ($2, 'scope-linked-to'), ($1, 'scope-not-yet')`, [
      ids['scope-linking'],
      ids['scope-middle'],
    ]);
  });
  afterAll(async () => {
    await elsewhere.close();
    await t.close();
  });

  /** The change notifications `sql` causes, run as another process would. */
  const announced = (sql: string, parameters: unknown[] = []): Promise<string[]> => elsewhere.change(sql, parameters, { settle: false });

  /** The pages named by the `pages` notifications that `sql` causes. */
  const pagesNamed = async (sql: string, parameters: unknown[] = []): Promise<string[]> => {
    const names = (id: number) => Object.keys(ids).find((slug) => ids[slug] === id) ?? String(id);
    return (await announced(sql, parameters))
      .filter((payload) => payload === 'pages' || payload.startsWith('pages:'))
      .flatMap((payload) => (payload.startsWith('pages:') ? payload.slice('pages:'.length).split(',').map((id) => names(Number(id))) : ['(every page)']))
      .sort();
  };

  it('names only the saved page for a save, tags or featuring', async () => {
    const [{ id: revisionId }] = await t.dataSource.query(`INSERT INTO revisions (page_id, body, author_id) SELECT $1, 'Middle text', min(id) FROM users RETURNING id`, [ids['scope-middle']]);
    expect(await pagesNamed(`UPDATE pages SET current_revision_id = $1, updated_at = now() WHERE id = $2`, [revisionId, ids['scope-middle']])).toEqual(['scope-middle']);
    expect(await pagesNamed(`UPDATE pages SET tags = '{scoped}', featured = true WHERE id = $1`, [ids['scope-middle']])).toEqual(['scope-middle']);
  });

  it('names the pages linking to it and those it links to when its title changes or it is deleted', async () => {
    expect(await pagesNamed(`UPDATE pages SET title = 'Middle, retitled' WHERE id = $1`, [ids['scope-middle']])).toEqual(['scope-linked-to', 'scope-linking', 'scope-middle']);
    expect(await pagesNamed(`UPDATE pages SET deleted_at = now() WHERE id = $1`, [ids['scope-middle']])).toEqual(['scope-linked-to', 'scope-linking', 'scope-middle']);
  });

  it('names the pages already linking to a new page, and none for an update that changed no row', async () => {
    const named = await pagesNamed(`INSERT INTO pages (slug, title) VALUES ('scope-not-yet', 'Not yet')`);
    expect(named.filter((name) => name !== 'scope-linking')).toHaveLength(1); // the new page itself
    expect(named).toContain('scope-linking');
    expect(await pagesNamed(`UPDATE pages SET title = 'Nothing' WHERE id = -1`)).toEqual([]);
  });

  it('names the page of revisions and changes added, and announces a change with no page as site-wide', async () => {
    const middle = ids['scope-middle'];
    expect(await announced(`INSERT INTO revisions (page_id, body, author_id) SELECT $1, 'More text', min(id) FROM users`, [middle])).toEqual([`revisions:${middle}`]);
    expect(await announced(`INSERT INTO changes (page_id, kind, actor_id) SELECT unnest($1::int[]), 'revision', min(id) FROM users`, [[middle, ids['scope-linking']]])).toEqual([
      `changes:${[middle, ids['scope-linking']].sort((a, b) => a - b).join(',')}`,
    ]);
    expect(await announced(`INSERT INTO changes (page_id, kind, actor_id) SELECT NULL, 'stars', min(id) FROM users`)).toEqual(['changes']);
    expect(await announced(`DELETE FROM changes WHERE page_id = -1`)).toEqual([]);
  });
});
