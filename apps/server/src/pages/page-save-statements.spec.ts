import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Viewer } from '../accounts/sessions.service';
import { User } from '../accounts/user.entity';
import { countStatements } from '../testing/count-statements';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { EditOutcome, type PageEditPayload } from './page-editing.models';
import { PageEditingService } from './page-editing.service';

/**
 * Saving an edit is the wiki's commonest write. The usual save (from the page's current text, no
 * rename) reads the current text and then writes everything in one statement: the revision, the
 * page, its links, its timeline entry and its watchers' notifications. Anything else (an edit to
 * merge, a rename, a page that is gone) takes the locked transaction.
 */
describe('statements per page save', () => {
  let t: TestApp;
  let editing: PageEditingService;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
    editing = t.app.get(PageEditingService);
  });
  afterAll(() => t.close());

  const viewerOf = async (persona: 'participant'): Promise<Viewer & { id: number }> => {
    const { id } = await signedIn(t, persona);
    return { user: await t.dataSource.getRepository(User).findOneByOrFail({ id }), sessionId: 'test', id };
  };
  const current = async (slug: string): Promise<{ id: number; body: string }> =>
    (await t.dataSource.query('SELECT r.id, r.body FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.slug = $1', [slug]))[0];

  it('saves an edit from the current text in two statements, with everything a save writes', async () => {
    const author = await viewerOf('participant');
    const watcher = await viewerOf('participant');
    const created = await editing.createPage({ title: 'Statements per save', body: 'Saving should be cheap. See [[Reading list]].', summary: 'Start', tags: [] }, author);
    const pageId = created.page!.id;
    await t.dataSource.query('INSERT INTO watches (user_id, page_id) VALUES ($1, $2)', [watcher.id, pageId]);
    const base = await current('statements-per-save');

    let saved: PageEditPayload | undefined;
    const statements = await countStatements(async () => {
      saved = await editing.savePage(
        { slug: 'statements-per-save', baseRevisionId: base.id, body: 'Saving should be cheap and quinquennial. See [[Emerging issues]].', summary: ' Cheaper ', tags: ['Cost'] },
        author,
      );
    });
    expect(saved).toMatchObject({ outcome: EditOutcome.Saved, errors: [], conflict: null, page: { id: pageId, tags: ['cost'] }, revision: { wordsAdded: 4, wordsRemoved: 2, summary: 'Cheaper', baseRevisionId: base.id } });
    expect(statements).toHaveLength(2);

    // What the one statement wrote, as the page, its timeline, its links, search and the watcher see it.
    const revisionId = saved!.revision!.id;
    const [page] = await t.dataSource.query('SELECT current_revision_id, tags FROM pages WHERE id = $1', [pageId]);
    expect(page).toEqual({ current_revision_id: revisionId, tags: ['cost'] });
    const [change] = await t.dataSource.query('SELECT kind, actor_id, note, details FROM changes WHERE revision_id = $1', [revisionId]);
    expect(change).toEqual({ kind: 'revision', actor_id: author.id, note: 'Cheaper', details: {} });
    const links = await t.dataSource.query('SELECT to_slug FROM page_links WHERE from_page_id = $1', [pageId]);
    expect(links).toEqual([{ to_slug: 'emerging-issues' }]);
    const found = await t.dataSource.query(`SELECT id FROM pages WHERE search_vector @@ websearch_to_tsquery('english', 'quinquennial')`);
    expect(found).toEqual([{ id: pageId }]);
    const notified = await t.dataSource.query(`SELECT recipient_id, kind FROM notifications WHERE revision_id = $1`, [revisionId]);
    expect(notified).toEqual([{ recipient_id: watcher.id, kind: 'page-edit' }]);
  });

  it('merges an edit from an older text in the locked transaction, in no more statements than before', async () => {
    const first = await viewerOf('participant');
    const second = await viewerOf('participant');
    await editing.createPage({ title: 'Merged saves', body: 'One.\n\nTwo.\n\nThree.\n', summary: '', tags: [] }, first);
    const base = await current('merged-saves');
    const theirs = await editing.savePage({ slug: 'merged-saves', baseRevisionId: base.id, body: 'One, first.\n\nTwo.\n\nThree.\n', summary: '' }, first);
    expect(theirs.outcome).toBe(EditOutcome.Saved);

    let merged: PageEditPayload | undefined;
    const statements = await countStatements(async () => {
      merged = await editing.savePage({ slug: 'merged-saves', baseRevisionId: base.id, body: 'One.\n\nTwo.\n\nThree, second.\n', summary: '' }, second);
    });
    expect(merged!.outcome).toBe(EditOutcome.Merged);
    expect((await current('merged-saves')).body).toBe('One, first.\n\nTwo.\n\nThree, second.\n');
    expect(statements.length).toBeLessThanOrEqual(11);
  });

  it('merges, losing no words, when another save commits between the read and the one statement', async () => {
    const first = await viewerOf('participant');
    const second = await viewerOf('participant');
    await editing.createPage({ title: 'Saves that cross', body: 'Alpha.\n\nBeta.\n\nGamma.\n', summary: '', tags: [] }, first);
    const base = await current('saves-that-cross');

    // The other save commits after this one read the page and before its statement is sent (the
    // statement waits for it: two connections' statements arrive in no set order otherwise).
    let crossed: Promise<PageEditPayload> | undefined;
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(async function (this: PostgresQueryRunner, ...args: Parameters<PostgresQueryRunner['query']>) {
      if (!crossed && String(args[0]).startsWith('WITH page AS')) {
        crossed = editing.savePage({ slug: 'saves-that-cross', baseRevisionId: base.id, body: 'Alpha, from the first.\n\nBeta.\n\nGamma.\n', summary: '' }, first);
        await crossed;
      }
      return original.apply(this, args);
    } as PostgresQueryRunner['query']);
    let saved: PageEditPayload;
    try {
      saved = await editing.savePage({ slug: 'saves-that-cross', baseRevisionId: base.id, body: 'Alpha.\n\nBeta.\n\nGamma, from the second.\n', summary: '' }, second);
    } finally {
      spy.mockRestore();
    }
    expect((await crossed!).outcome).toBe(EditOutcome.Saved);
    expect(saved.outcome).toBe(EditOutcome.Merged);
    expect((await current('saves-that-cross')).body).toBe('Alpha, from the first.\n\nBeta.\n\nGamma, from the second.\n');
    const [{ revisions }] = await t.dataSource.query('SELECT count(*)::int AS revisions FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1', ['saves-that-cross']);
    expect(revisions).toBe(3);
  });
});
