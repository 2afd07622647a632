import { makePage } from '../testing/factories';
import { countStatements } from '../testing/count-statements';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const CREATE = `mutation ($input: CreatePageInput!) { createPage(input: $input) { outcome page { slug title tags currentRevision { id } } revision { id wordsAdded } errors { field code message } } }`;
const SAVE = `mutation ($input: SavePageInput!) { savePage(input: $input) {
  outcome page { slug title tags } revision { id wordsAdded wordsRemoved }
  conflict { yourText mergedText currentRevision { id body author { username } } parts { mine theirs base } }
  errors { field code message } } }`;
const REVERT = `mutation ($input: RevertPageInput!) { revertPage(input: $input) { outcome revision { id summary revertedTo { id } } errors { field code } } }`;
const PAGE = `query ($slug: String!) { page(slug: $slug) { id slug title deletedAt currentRevision { id body } backlinks { slug } parts { html }
  history(first: 10) { totalCount edges { node { kind note details { merged revertedToRevisionId fromTitle toTitle } actor { username } revision { wordsAdded wordsRemoved } } } } } }`;

type Payload = {
  outcome: string;
  page: { slug: string; title: string; tags: string[]; currentRevision?: { id: number } } | null;
  revision: { id: number; wordsAdded: number; wordsRemoved: number } | null;
  conflict: { yourText: string; mergedText: string; currentRevision: { id: number; body: string; author: { username: string } }; parts: { mine: string; theirs: string; base: string }[] } | null;
  errors: { field: string | null; code: string; message: string }[];
};
type PageView = {
  id: number;
  slug: string;
  title: string;
  deletedAt: string | null;
  currentRevision: { id: number; body: string };
  backlinks: { slug: string }[];
  parts: { html: string | null }[];
  history: { totalCount: number; edges: { node: { kind: string; note: string; details: Record<string, unknown>; actor: { username: string }; revision: { wordsAdded: number; wordsRemoved: number } | null } }[] };
};

const PARAGRAPHS = Array.from({ length: 10 }, (_, i) => `Paragraph ${i + 1} says what delegate ${i + 1} thought about the programme.`);

describe('editing pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false }); // a few tests save many times as one person
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (person: Actor | null) => ({
    create: async (input: Record<string, unknown>) => (await t.driver.as(person).query<{ createPage: Payload }>(CREATE, { input })).data!.createPage,
    save: async (input: Record<string, unknown>) => (await t.driver.as(person).query<{ savePage: Payload }>(SAVE, { input })).data!.savePage,
    revert: async (input: Record<string, unknown>) => (await t.driver.as(person).query<{ revertPage: Payload & { revision: { summary: string; revertedTo: { id: number } } } }>(REVERT, { input })).data!.revertPage,
  });
  const read = async (slug: string) => (await t.driver.anonymous.query<{ page: PageView | null }>(PAGE, { slug })).data!.page;

  it('creates a page, saves an edit and counts the words added and removed', async () => {
    const me = as(await signedIn(t, 'participant'));
    const created = await me.create({ title: 'Clinical safety cases', body: 'Safety cases should be written early.', summary: 'A start', tags: ['Safety', ' safety ', 'cases'] });
    expect(created.errors).toEqual([]);
    expect(created.page).toMatchObject({ slug: 'clinical-safety-cases', title: 'Clinical safety cases', tags: ['safety', 'cases'] });
    expect(created.revision!.wordsAdded).toBe(6);

    const saved = await me.save({ slug: 'clinical-safety-cases', baseRevisionId: created.revision!.id, body: 'Safety cases should be written with clinicians.', summary: 'Who writes them' });
    expect(saved.outcome).toBe('Saved');
    expect(saved.revision).toMatchObject({ wordsAdded: 2, wordsRemoved: 1 });
    const page = (await read('clinical-safety-cases'))!;
    expect(page.currentRevision.body).toBe('Safety cases should be written with clinicians.');
    expect(page.history.edges.map((edge) => [edge.node.kind, edge.node.note])).toEqual([
      ['Revision', 'Who writes them'],
      ['Created', 'A start'],
    ]);
  });

  it('merges ten people editing different paragraphs from the same revision: every one of their words is in the final text', async () => {
    const author = as(await signedIn(t, 'participant'));
    const created = await author.create({ title: 'Ten delegates', body: PARAGRAPHS.join('\n\n') });
    const people = await Promise.all(PARAGRAPHS.map((_, i) => signedIn(t, 'participant', `delegate-${i}-${Date.now()}`)));
    const results = await Promise.all(
      people.map((person, i) =>
        as(person).save({
          slug: 'ten-delegates',
          baseRevisionId: created.revision!.id,
          body: PARAGRAPHS.map((text, j) => (j === i ? `${text} Delegate ${i + 1} added this sentence.` : text)).join('\n\n'),
        }),
      ),
    );
    expect(results.map((result) => result.errors)).toEqual(PARAGRAPHS.map(() => []));
    expect(results.filter((result) => result.outcome === 'Merged')).toHaveLength(9);

    const final = (await read('ten-delegates'))!.currentRevision.body;
    expect(final).toBe(PARAGRAPHS.map((text, i) => `${text} Delegate ${i + 1} added this sentence.`).join('\n\n'));
  });

  it('shows a conflict, keeping both texts, when two people change the same sentence; nothing is saved until it is resolved', async () => {
    const first = await signedIn(t, 'participant', `first-${Date.now()}`);
    const second = as(await signedIn(t, 'participant'));
    const created = await as(first).create({ title: 'Shared sentence', body: 'Clinicians should lead the programme.\n\nA second paragraph.' });
    const base = created.revision!.id;
    const theirs = await as(first).save({ slug: 'shared-sentence', baseRevisionId: base, body: 'Nurses should lead the programme.\n\nA second paragraph.' });
    expect(theirs.outcome).toBe('Saved');

    const mine = await second.save({ slug: 'shared-sentence', baseRevisionId: base, body: 'Patients should lead the programme.\n\nA second paragraph, edited.' });
    expect(mine.outcome).toBe('Conflict');
    expect(mine.revision).toBeNull();
    expect(mine.conflict!.yourText).toBe('Patients should lead the programme.\n\nA second paragraph, edited.');
    expect(mine.conflict!.currentRevision).toMatchObject({ id: theirs.revision!.id, body: 'Nurses should lead the programme.\n\nA second paragraph.', author: { username: first.username } });
    expect(mine.conflict!.parts).toEqual([{ mine: 'Patients should lead the programme.', theirs: 'Nurses should lead the programme.', base: 'Clinicians should lead the programme.' }]);
    expect(mine.conflict!.mergedText).toContain('A second paragraph, edited.');
    expect((await read('shared-sentence'))!.currentRevision.body).toBe('Nurses should lead the programme.\n\nA second paragraph.');

    const withMarkers = await second.save({ slug: 'shared-sentence', baseRevisionId: theirs.revision!.id, body: mine.conflict!.mergedText });
    expect(withMarkers.errors.map((error) => [error.field, error.code])).toEqual([['body', 'CONFLICT_MARKERS']]);

    const resolved = await second.save({ slug: 'shared-sentence', baseRevisionId: theirs.revision!.id, body: 'Nurses and patients should lead the programme.\n\nA second paragraph, edited.' });
    expect(resolved.outcome).toBe('Saved');
    expect((await read('shared-sentence'))!.currentRevision.body).toBe('Nurses and patients should lead the programme.\n\nA second paragraph, edited.');
  });

  it('reverts to an earlier revision with a new revision that says so', async () => {
    const me = as(await signedIn(t, 'participant'));
    const created = await me.create({ title: 'Revert me', body: 'The original words.' });
    const edited = await me.save({ slug: 'revert-me', baseRevisionId: created.revision!.id, body: 'Vandalised.' });
    const reverted = await me.revert({ slug: 'revert-me', revisionId: created.revision!.id });
    expect(reverted.errors).toEqual([]);
    expect(reverted.revision.revertedTo).toEqual({ id: created.revision!.id });
    expect(reverted.revision.summary).toMatch(/^Reverted to the revision of /);
    const page = (await read('revert-me'))!;
    expect(page.currentRevision.body).toBe('The original words.');
    expect(page.history.edges[0].node.details.revertedToRevisionId).toBe(created.revision!.id);
    expect(edited.revision!.id).toBeLessThan(page.currentRevision.id);
    expect((await me.revert({ slug: 'revert-me', revisionId: created.revision!.id })).errors).toEqual([{ field: 'revisionId', code: 'ALREADY_CURRENT' }]);
  });

  it('links pages both ways: a missing page shows as missing, and once created lists its linker; a rename keeps the old address and the links', async () => {
    const me = as(await signedIn(t, 'participant'));
    await me.create({ title: 'Linker page', body: 'See [[Target of links]] for more.' });
    const before = (await read('linker-page'))!;
    expect(before.parts[0].html).toContain('wiki-link--missing');

    const target = await me.create({ title: 'Target of links', body: 'Here.' });
    expect((await read('target-of-links'))!.backlinks).toEqual([{ slug: 'linker-page' }]);
    expect((await read('linker-page'))!.parts[0].html).not.toContain('wiki-link--missing');

    const renamed = await me.save({ slug: 'target-of-links', baseRevisionId: target.revision!.id, body: 'Here.', title: 'Renamed target' });
    expect(renamed.outcome).toBe('Saved');
    expect(renamed.page).toMatchObject({ slug: 'renamed-target', title: 'Renamed target' });
    const viaOldSlug = (await read('target-of-links'))!;
    expect(viaOldSlug.slug).toBe('renamed-target');
    expect(viaOldSlug.backlinks).toEqual([{ slug: 'linker-page' }]);
    expect(viaOldSlug.history.edges[0].node).toMatchObject({ kind: 'Renamed', details: { fromTitle: 'Target of links', toTitle: 'Renamed target' } });

    // The old title is still taken: it redirects.
    expect((await me.create({ title: 'Target of links', body: 'x' })).errors.map((error) => error.code)).toEqual(['TITLE_TAKEN']);
  });

  it('renders a link as existing once another server process creates its target (told by PostgreSQL, not by this process)', async () => {
    const me = as(await signedIn(t, 'participant'));
    await me.create({ title: 'Points elsewhere', body: 'See [[Made elsewhere]].' });
    expect((await read('points-elsewhere'))!.parts[0].html).toContain('wiki-link--missing');
    // Written straight to the database, behind this process's back, as another server process would.
    await makePage(t, { slug: 'made-elsewhere', title: 'Made elsewhere' });
    const deadline = Date.now() + 5000;
    let html = '';
    while (Date.now() < deadline) {
      html = (await read('points-elsewhere'))!.parts[0].html ?? '';
      if (!html.includes('wiki-link--missing')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(html).toContain('href="/wiki/made-elsewhere"');
    expect(html).not.toContain('wiki-link--missing');
  });

  it('says what is wrong with a title, a body over the limit, a vanished base revision, or a deleted page, and saves nothing', async () => {
    const me = as(await signedIn(t, 'participant'));
    const codes = async (input: Record<string, unknown>) => (await me.create(input)).errors.map((error) => [error.field, error.code]);
    expect(await codes({ title: '   ', body: 'x' })).toEqual([['title', 'TITLE_REQUIRED']]);
    expect(await codes({ title: '!!!', body: 'x' })).toEqual([['title', 'TITLE_INVALID']]);
    expect(await codes({ title: 'Emerging Issues', body: 'x' })).toEqual([['title', 'TITLE_TAKEN']]);
    expect(await codes({ title: 'Big page', body: 'x'.repeat(500 * 1024 + 1) })).toEqual([['body', 'BODY_TOO_LONG']]);
    expect(await read('big-page')).toBeNull();

    const page = (await read('emerging-issues'))!;
    const stale = await me.save({ slug: 'emerging-issues', baseRevisionId: 999999, body: 'My words' });
    expect(stale.errors.map((error) => error.code)).toEqual(['BASE_REVISION_NOT_FOUND']);
    expect((await read('emerging-issues'))!.currentRevision.id).toBe(page.currentRevision.id);

    const moderator = await signedIn(t, 'moderator');
    const created = await me.create({ title: 'Soon deleted', body: 'x' });
    const deleted = await t.driver.as(moderator).query<{ deletePage: { errors: unknown[] } }>('mutation($i: DeletePageInput!) { deletePage(input: $i) { errors { code } } }', { i: { slug: 'soon-deleted', reason: 'Spam' } });
    expect(deleted.data!.deletePage.errors).toEqual([]);
    const onDeleted = await me.save({ slug: 'soon-deleted', baseRevisionId: created.revision!.id, body: 'My words' });
    expect(onDeleted.errors.map((error) => error.code)).toEqual(['PAGE_DELETED']);
    expect((await read('soon-deleted'))!.parts).toEqual([]);
    const [audit] = await t.dataSource.query(`SELECT a.action, a.reason, u.username FROM audit_entries a JOIN users u ON u.id = a.actor_id WHERE a.subject_type = 'page' AND a.subject_id = (SELECT id FROM pages WHERE slug = 'soon-deleted')`);
    expect(audit).toEqual({ action: 'page.deleted', reason: 'Spam', username: moderator.username });
  });

  it("shows a long history's first and last slices with the same few SQL statements", async () => {
    const me = as(await signedIn(t, 'participant'));
    const created = await me.create({ title: 'Long history', body: 'Revision 0' });
    const pageId = (await read('long-history'))!.id;
    // 1,999 backdated revisions and their changes in one statement (raw on purpose: a save cannot backdate,
    // and factory calls one by one would be the slow part of the test).
    await t.dataSource.query(
      `WITH made AS (
         INSERT INTO revisions (page_id, body, author_id, summary, words_added, created_at)
         SELECT $1, 'Revision ' || n, (SELECT id FROM users ORDER BY id LIMIT 1 OFFSET (n % 5)), 'Edit ' || n, 1, now() + n * interval '1 second'
         FROM generate_series(1, 1999) AS n RETURNING id, author_id, summary, created_at)
       INSERT INTO changes (page_id, kind, actor_id, note, revision_id, created_at) SELECT $1, 'revision', author_id, summary, id, created_at FROM made`,
      [pageId],
    );
    const HISTORY = `query ($slug: String!, $first: Int, $last: Int) { page(slug: $slug) { history(first: $first, last: $last) {
      totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { kind note createdAt actor { username } revision { id wordsAdded } } } } } }`;
    type History = { page: { history: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }; edges: { node: { note: string } }[] } } };
    let first: History | undefined;
    let last: History | undefined;
    const firstStatements = await countStatements(async () => (first = (await t.graphql.execute<History>(HISTORY, { slug: 'long-history', first: 50 })).data!));
    const lastStatements = await countStatements(async () => (last = (await t.graphql.execute<History>(HISTORY, { slug: 'long-history', last: 50 })).data!));
    expect(first!.page.history.totalCount).toBe(2000);
    expect(first!.page.history.edges[0].node.note).toBe('Edit 1999');
    expect(first!.page.history.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    expect(last!.page.history.edges.at(-1)!.node.note).toBe('');
    expect(last!.page.history.edges[0].node.note).toBe('Edit 49');
    expect(last!.page.history.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    expect(firstStatements.length).toBe(lastStatements.length);
    expect(firstStatements.length).toBeLessThanOrEqual(6);
    expect(created.revision).not.toBeNull();
  });
});
