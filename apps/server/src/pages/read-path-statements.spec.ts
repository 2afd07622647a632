process.env.READ_CACHE = 'off';

import type { Request } from 'express';
import { SessionsService } from '../accounts/sessions.service';
import { createRequestContext } from '../graphql/request-context';
import { countStatements } from '../testing/count-statements';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { webDocument } from '../testing/web-documents';

const VIEWER = webDocument('Viewer');
const PAGE = webDocument('WikiPage');
const THREAD = webDocument('ThreadPage');
const HISTORY = webDocument('PageHistory');

describe('statements per uncached page request (READ_CACHE=off)', () => {
  let t: TestApp;
  let cookieToken: string;
  let threadId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const person = await signedIn(t, 'participant');
    cookieToken = decodeURIComponent(person.cookie.split('=')[1]);
    [{ id: threadId }] = await t.dataSource.query(
      `SELECT t.id FROM threads t JOIN pages p ON p.id = t.page_id WHERE p.slug = 'emerging-issues' ORDER BY t.id LIMIT 1`,
    );
    // A conversation: a reply to the opening post, and an answer to it from someone else.
    const [{ id: first }] = await t.dataSource.query(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, 'A first reply') RETURNING id`, [threadId, person.id]);
    const [{ id: other }] = await t.dataSource.query(`INSERT INTO users (username, display_name) VALUES ('answerer', 'Answerer') RETURNING id`);
    await t.dataSource.query(`INSERT INTO replies (thread_id, parent_reply_id, author_id, body) VALUES ($1, $2, $3, 'An answer')`, [threadId, first, other]);
  });
  afterAll(() => t.close());

  /** What the server does for one page request: find the viewer from the session cookie, run the root loader's query, then the route's. */
  async function request(signed: boolean, document: string, variables: Record<string, unknown>) {
    let data: unknown;
    const statements = await countStatements(async () => {
      const viewer = signed ? await t.app.get(SessionsService).viewerFor(cookieToken) : null;
      const context = createRequestContext({ viewer } as Request);
      const root = await t.graphql.execute(VIEWER, {}, context, { cacheable: true });
      const route = await t.graphql.execute(document, variables, context, { cacheable: true });
      expect(root.errors).toBeUndefined();
      expect(route.errors).toBeUndefined();
      data = route.data;
    });
    return { statements, data };
  }

  it('a page view: the page with its revision, latest change and backlinks; its threads; its recommendation areas (and, once, the wiki\'s page names for links)', async () => {
    const first = await request(false, PAGE, { slug: 'emerging-issues' });
    expect(first.statements.length).toBeLessThanOrEqual(4);
    const anonymous = await request(false, PAGE, { slug: 'emerging-issues' });
    expect(anonymous.statements.length).toBeLessThanOrEqual(3);
    const signed = await request(true, PAGE, { slug: 'emerging-issues' });
    // The session with its person, and the unread count; the watches come with the page and its threads.
    expect(signed.statements.length).toBeLessThanOrEqual(anonymous.statements.length + 2);
    expect(signed.data).toEqual(anonymous.data);
  });

  it('a thread view: the thread with its starter, page, replies, their authors and answers, in one statement', async () => {
    const anonymous = await request(false, THREAD, { id: threadId });
    expect((anonymous.data as { thread: { replies: unknown[] } }).thread.replies.length).toBeGreaterThan(1);
    expect(anonymous.statements.length).toBeLessThanOrEqual(1);
    const signed = await request(true, THREAD, { id: threadId });
    // The session and the root's unread notification count; how far the viewer read the thread
    // (unread markers, folds) comes in the thread's own statement.
    expect(signed.statements.length).toBeLessThanOrEqual(anonymous.statements.length + 2);
    expect((signed.data as { thread: { viewerUnreadCount: number | null } }).thread.viewerUnreadCount).toBe(1);
    expect((anonymous.data as { thread: { viewerUnreadCount: number | null } }).thread.viewerUnreadCount).toBeNull();
    expect(signed.statements.join('\n')).toMatch(/thread_reads/);
    expect(signed.statements.filter((statement) => /thread_reads|reply_folds/.test(statement))).toHaveLength(1);
  });

  it('the history page: the page, then its changes with their people and revisions, never the revisions\' text', async () => {
    const anonymous = await request(false, HISTORY, { slug: 'emerging-issues', first: 50 });
    expect((anonymous.data as { page: { history: { edges: unknown[] } } }).page.history.edges.length).toBeGreaterThan(1);
    expect(anonymous.statements.length).toBeLessThanOrEqual(2);
    expect(anonymous.statements.join('\n')).not.toMatch(/\bbody\b/i);
    const signed = await request(true, HISTORY, { slug: 'emerging-issues', first: 50 });
    expect(signed.statements.length).toBeLessThanOrEqual(anonymous.statements.length + 2);
  });
});
