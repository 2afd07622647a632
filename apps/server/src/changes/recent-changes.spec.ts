import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';

interface Connection {
  edges: { cursor: string; node: { id: number; kind: string; note: string; createdAt: string; actor: { username: string }; page: { slug: string } | null } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const RECENT = `query ($first: Int, $after: String, $last: Int, $before: String, $username: String, $kind: ChangeKind, $pageSlug: String) {
  recentChanges(first: $first, after: $after, last: $last, before: $before, username: $username, kind: $kind, pageSlug: $pageSlug) {
    edges { cursor node { id kind note createdAt actor { username } page { slug } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

describe('recent changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function recent(variables: Record<string, unknown> = {}): Promise<Connection> {
    const { data, errors } = await t.graphql.execute<{ recentChanges: Connection }>(RECENT, variables);
    expect(errors).toBeUndefined();
    return data!.recentChanges;
  }

  /** The ids the database itself gives for the order recent changes promises. */
  async function idsInOrder(where = 'true', params: unknown[] = []): Promise<number[]> {
    const rows: { id: number }[] = await t.dataSource.query(`SELECT c.id FROM changes c WHERE ${where} ORDER BY c.created_at DESC, c.id DESC`, params);
    return rows.map((row) => row.id);
  }

  /** Follows "Older" from the first page to the end, `size` at a time. */
  async function walkForward(size: number, filters: Record<string, unknown> = {}): Promise<{ ids: number[]; pages: Connection[] }> {
    const pages: Connection[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await recent({ ...filters, first: size, after });
      pages.push(page);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages.length).toBeLessThan(1000);
    }
    return { ids: pages.flatMap((page) => page.edges.map((edge) => edge.node.id)), pages };
  }

  describe('on the seeded wiki', () => {
    it('lists every change, newest first, with who made it and on which page', async () => {
      const list = await recent();
      expect(list.totalCount).toBe(4);
      expect(list.edges.map((edge) => edge.node.id)).toEqual(await idsInOrder());
      // Home and Reading list were written for Commonplace when the wiki was seeded; the 2008 changes come after them.
      expect(list.edges.slice(2).map((edge) => [edge.node.kind, edge.node.actor.username, edge.node.page?.slug, edge.node.createdAt])).toEqual([
        ['Stars', 'davemiller', 'emerging-issues', '2008-11-14T10:07:00.000Z'],
        ['Created', 'masterclass-import', 'emerging-issues', '2008-11-07T00:00:00.000Z'],
      ]);
      expect(list.edges.slice(0, 2).map((edge) => [edge.node.kind, edge.node.actor.username]).sort()).toEqual([
        ['Created', 'commonplace-team'],
        ['Created', 'commonplace-team'],
      ]);
      expect(list.edges[2].node.note).toMatch(/^I have marked bullets with \* where I believe/);
      expect(list.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: list.edges[0].cursor, endCursor: list.edges[3].cursor });
    });

    it('filters by person (whatever the case of the username), by kind and by page', async () => {
      const byDave = await recent({ username: 'DaveMiller' });
      expect(byDave.totalCount).toBe(1);
      expect(byDave.edges.map((edge) => [edge.node.kind, edge.node.actor.username])).toEqual([['Stars', 'davemiller']]);

      const created = await recent({ kind: 'Created' });
      expect(created.totalCount).toBe(3);
      expect(created.edges.every((edge) => edge.node.kind === 'Created')).toBe(true);

      const both = await recent({ username: 'davemiller', kind: 'Created' });
      expect(both).toEqual({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

      const onePage = await recent({ pageSlug: 'emerging-issues' });
      expect(onePage.edges.map((edge) => edge.node.kind)).toEqual(['Stars', 'Created']);
    });

    it('answers an empty list for a person or page that does not exist', async () => {
      expect((await recent({ username: 'nobody-by-this-name' })).totalCount).toBe(0);
      expect((await recent({ pageSlug: 'no-such-page' })).edges).toEqual([]);
    });

    it('refuses a cursor it did not give out with a typed error (BAD_USER_INPUT), not a server error', async () => {
      const hugeId = Buffer.from('2008-11-14T10:07:00.000Z|99999999999').toString('base64url');
      for (const [argument, cursor] of [
        ['after', 'not-a-cursor'],
        ['before', 'not-a-cursor'],
        ['after', hugeId],
        ['after', Buffer.from('+275760-09-13T00:00:00.000Z|1').toString('base64url')],
      ]) {
        const { data, errors } = await t.graphql.execute(RECENT, { [argument]: cursor });
        expect(data).toBeNull();
        expect(errors?.map((error) => [error.extensions?.code, error.extensions?.argumentName])).toEqual([['BAD_USER_INPUT', argument]]);
        expect(errors?.[0].message).toMatch(/cursor is not one this list gave out/);
      }
    });
  });

  describe('with many changes', () => {
    beforeAll(async () => {
      // 120 people each change one of 120 new pages (each with a revision), at 1-minute steps; then
      // changes that share a millisecond (differing in microseconds) and changes at the very same instant.
      // Raw INSERTs on purpose: in bulk, and backdated to the microsecond, which neither the services nor
      // the factories (one row a call) do.
      await t.dataSource.query(`
        INSERT INTO users (username, display_name) SELECT 'editor' || n, 'Editor ' || n FROM generate_series(1, 120) n;
        INSERT INTO pages (slug, title, tags) SELECT 'page-' || n, 'Page ' || n, '{}' FROM generate_series(1, 120) n;
        INSERT INTO revisions (page_id, body, author_id, summary, created_at)
          SELECT p.id, 'Text ' || n, u.id, 'Edit ' || n, timestamptz '2020-01-01 00:00:00+00' + n * interval '1 minute'
          FROM generate_series(1, 120) n JOIN pages p ON p.slug = 'page-' || n JOIN users u ON u.username = 'editor' || n;
        INSERT INTO changes (page_id, kind, actor_id, note, revision_id, created_at)
          SELECT r.page_id, CASE WHEN n % 3 = 0 THEN 'revision' ELSE 'created' END, r.author_id, 'Note ' || n, r.id, r.created_at
          FROM generate_series(1, 120) n JOIN pages p ON p.slug = 'page-' || n JOIN revisions r ON r.page_id = p.id;
        INSERT INTO changes (page_id, kind, actor_id, note, created_at)
          SELECT p.id, 'featured', u.id, 'Same millisecond ' || m, timestamptz '2019-06-01 12:00:00.123000+00' + m * interval '1 microsecond'
          FROM generate_series(1, 999, 111) m, pages p, users u WHERE p.slug = 'page-1' AND u.username = 'editor1';
        INSERT INTO changes (page_id, kind, actor_id, note, created_at)
          SELECT p.id, 'featured', u.id, 'Same instant ' || k, timestamptz '2019-06-01 12:00:00.123456+00'
          FROM generate_series(1, 4) k, pages p, users u WHERE p.slug = 'page-2' AND u.username = 'editor2';
      `);
    });

    it('walks forwards through every change exactly once, in order, whatever the page size', async () => {
      const expected = await idsInOrder();
      expect(expected.length).toBe(4 + 120 + 9 + 4);
      for (const size of [1, 7, 50]) {
        const { ids, pages } = await walkForward(size);
        expect(ids).toEqual(expected);
        expect(pages[0].pageInfo.hasPreviousPage).toBe(false);
        expect(pages.slice(1).every((page) => page.pageInfo.hasPreviousPage)).toBe(true);
        expect(pages.every((page) => page.totalCount === expected.length)).toBe(true);
      }
    });

    it('walks backwards from the oldest change with last/before, for "Newer" links', async () => {
      const expected = await idsInOrder();
      const oldest = (await walkForward(100)).pages.at(-1)!.edges.at(-1)!;
      const collected: number[] = [oldest.node.id];
      let before: string | null = oldest.cursor;
      let steps = 0;
      for (;;) {
        const page = await recent({ last: 6, before });
        collected.unshift(...page.edges.map((edge) => edge.node.id));
        expect(page.pageInfo.hasNextPage).toBe(true);
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
        expect(++steps).toBeLessThan(100);
      }
      expect(collected).toEqual(expected);
    });

    it('comes back to the same page going Older then Newer', async () => {
      const first = await recent({ first: 10 });
      const second = await recent({ first: 10, after: first.pageInfo.endCursor });
      const back = await recent({ last: 10, before: second.pageInfo.startCursor });
      expect(back.edges.map((edge) => edge.node.id)).toEqual(first.edges.map((edge) => edge.node.id));
      expect(back.pageInfo).toEqual({ ...first.pageInfo, hasPreviousPage: false, hasNextPage: true });
    });

    it('keeps changes in the same millisecond apart, though cursors carry only milliseconds', async () => {
      const expected = await idsInOrder(`c.created_at >= '2019-06-01 12:00:00.123+00' AND c.created_at < '2019-06-01 12:00:00.124+00'`);
      expect(expected.length).toBe(13);
      const { ids } = await walkForward(1);
      // The 13 appear in order and once each, within the full walk.
      expect(ids.filter((id) => expected.includes(id))).toEqual(expected);
    });

    it('pages through a filtered list within the filter', async () => {
      const revisions = await idsInOrder(`c.kind = 'revision'`);
      expect(revisions.length).toBe(40);
      expect((await walkForward(3, { kind: 'Revision' })).ids).toEqual(revisions);
      const editor9 = await idsInOrder(`c.actor_id = (SELECT id FROM users WHERE username = 'editor9')`);
      const { ids, pages } = await walkForward(1, { username: 'editor9' });
      expect(ids).toEqual(editor9);
      expect(pages[0].totalCount).toBe(editor9.length);
    });

    it('gives at most 100 changes at once', async () => {
      expect((await recent({ first: 1000 })).edges).toHaveLength(100);
      expect((await recent({ first: 0 })).edges).toHaveLength(1);
    });

    it('accepts a cursor whose change has since gone, carrying on from where it was', async () => {
      const [gone] = (await recent({ first: 100 })).edges.filter((edge) => edge.node.note === 'Note 30');
      const next = await recent({ first: 5, after: gone.cursor });
      expect(next.edges.map((edge) => edge.node.note)).toEqual(['Note 29', 'Note 28', 'Note 27', 'Note 26', 'Note 25']);
      await t.dataSource.query('DELETE FROM changes WHERE id = $1', [gone.node.id]);
      const again = await recent({ first: 5, after: gone.cursor });
      expect(again.edges.map((edge) => edge.node.id)).toEqual(next.edges.map((edge) => edge.node.id));
      expect(again.pageInfo.hasPreviousPage).toBe(true);
    });

    it('runs a fixed number of SQL statements for 50 changes, each with its own person, page and revision (no N+1)', async () => {
      const LIST = `{ recentChanges(first: 50) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { kind note createdAt recommendationCount details { fromTitle toTitle featured merged revertedToRevisionId }
          actor { username displayName } page { slug title } revision { wordsAdded wordsRemoved } } }
      } }`;
      const run = async (first: number) => {
        let result: Awaited<ReturnType<TestApp['graphql']['execute']>> | undefined;
        const statements = await countStatements(async () => {
          result = await t.graphql.execute(LIST.replace('first: 50', `first: ${first}`));
        });
        expect(result!.errors).toBeUndefined();
        return { statements, nodes: (result!.data as { recentChanges: { edges: { node: { actor: { username: string }; page: { slug: string } } }[] } }).recentChanges.edges.map((edge) => edge.node) };
      };
      const fifty = await run(50);
      expect(fifty.nodes).toHaveLength(50);
      expect(new Set(fifty.nodes.map((node) => node.actor.username)).size).toBeGreaterThanOrEqual(45);
      expect(new Set(fifty.nodes.map((node) => node.page.slug)).size).toBeGreaterThanOrEqual(45);
      const hundred = await run(100);
      expect(hundred.nodes).toHaveLength(100);
      // The list and its count, then one batch each for people, pages and revisions, however many changes.
      expect(fifty.statements.length).toBeLessThanOrEqual(5);
      expect(hundred.statements.length).toBe(fifty.statements.length);
    });
  });
});
