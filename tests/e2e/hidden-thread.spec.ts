import type { Browser, Page } from '@playwright/test';
import { apiAs, baseURL, expect, signInWithCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { expectNoAxeViolations } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * A thread a moderator hid, opened by its address (issue 11): its words are for moderators only.
 * Anyone else, its starter and repliers included, gets a page saying it was hidden and why (410, as
 * for a deleted wiki page), with scripts and without, and nothing of its subject or posts.
 */

async function hiddenThread(db: TestDatabase, playwright: Parameters<typeof createPage>[0]) {
  const word = `hid${Math.random().toString(36).slice(2, 8)}`;
  const starter = await db.createPerson({ name: 'hid-starter', displayName: 'Hana Starter' });
  const replier = await db.createPerson({ name: 'hid-replier', displayName: 'Rex Replier' });
  const moderator = await db.createPerson({ name: 'hid-moderator', displayName: 'Mia Moderator', role: 'moderator' });
  const pageTitle = uniqueTitle('Hidden thread');
  const slug = await createPage(playwright, await db.startSession(starter.id), pageTitle, 'A page to talk about.');
  const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id, tags) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [pageId, `Subject ${word}subject`, `Opening ${word}opening`, starter.id, [`${word}tag`]],
  );
  await db.query(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, $3)`, [threadId, replier.id, `Reply ${word}reply`]);
  await db.query(`UPDATE threads SET hidden_at = now(), hidden_by_id = $2, hidden_reason = 'Advertising' WHERE id = $1`, [threadId, moderator.id]);
  return { word, starter, replier, moderator, pageTitle, slug, threadId };
}

async function pageAs(browser: Browser, token: string | null, scripts = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: scripts });
  if (token) await signInWithCookie(context, token);
  return context.newPage();
}

test.describe('a hidden thread opened by its address', () => {
  test('anonymous readers, participants and its own starter and replier are told it was hidden, and read none of its words', async ({ browser, db, playwright }) => {
    test.setTimeout(120_000);
    const { word, starter, replier, pageTitle, slug, threadId } = await hiddenThread(db, playwright);
    const reader = await db.createPerson({ name: 'hid-reader' });
    const viewers: [string, string | null, boolean][] = [
      ['an anonymous reader', null, true],
      ['an anonymous reader without scripts', null, false],
      ['a participant', await db.startSession(reader.id), true],
      ['its starter', await db.startSession(starter.id), true],
      ['its replier, without scripts', await db.startSession(replier.id), false],
    ];
    for (const [who, token, scripts] of viewers) {
      const page = await pageAs(browser, token, scripts);
      const response = await page.goto(`/threads/${threadId}`);
      expect(response?.status(), who).toBe(410);
      if (scripts) await waitForHydration(page);
      await expect(page.getByRole('heading', { level: 1 }), who).toHaveText('This thread was hidden by a moderator');
      await expect(page).toHaveTitle('This thread was hidden by a moderator – Commonplace');
      await expect(page.getByRole('main').getByText('Hidden by a moderator: Advertising'), who).toBeVisible();
      await expect(page.getByRole('main').getByRole('link', { name: pageTitle, exact: true })).toHaveAttribute('href', `/wiki/${slug}`);
      await expect(page.getByRole('button', { name: 'Post reply' }), who).toHaveCount(0);
      // Not in the page, nor in the data it carries for scripts.
      expect(await page.content(), who).not.toContain(word);
      if (who === 'a participant') await expectNoAxeViolations(page, 'a hidden thread, as a participant');
      await page.context().close();
    }
  });

  test('a moderator still reads it by its address, marked as hidden', async ({ browser, db, playwright }) => {
    const { word, moderator, threadId } = await hiddenThread(db, playwright);
    const page = await pageAs(browser, await db.startSession(moderator.id));
    const response = await page.goto(`/threads/${threadId}`);
    expect(response?.status()).toBe(200);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Subject ${word}subject`);
    await expect(page.getByText('Hidden by a moderator: Advertising')).toBeVisible();
    // Exactly: the reply's "Reply to …" line also quotes the opening post's first sentence.
    await expect(page.getByText(`Opening ${word}opening`, { exact: true })).toBeVisible();
    await expect(page.getByText(`Reply ${word}reply`)).toBeVisible();
    await page.context().close();
  });

  test('a reader who has the thread open when a moderator hides it is told live, and showing the change shows it hidden', async ({ browser, db, playwright }) => {
    const starter = await db.createPerson({ name: 'hid-live-starter' });
    const moderator = await db.createPerson({ name: 'hid-live-moderator', role: 'moderator' });
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Hidden live'), 'A page.');
    const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
    const [{ id: threadId }] = await db.query<{ id: number }>(`INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, 'Soon hidden', 'Words soon hidden', $2) RETURNING id`, [pageId, starter.id]);
    const page = await pageAs(browser, null);
    await page.goto(`/threads/${threadId}`);
    await waitForHydration(page);
    await expect(page.getByText('Live updates on')).toBeVisible();

    const api = await apiAs(playwright, await db.startSession(moderator.id));
    const hidden = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }', variables: { input: { threadId, reason: 'Off topic' } } },
    });
    expect(await hidden.json()).toEqual({ data: { hidePost: { errors: [] } } });
    await api.dispose();

    await expect(page.getByRole('status')).toHaveText('A moderator changed this thread');
    await page.getByRole('button', { name: 'Show the changed thread' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This thread was hidden by a moderator');
    await expect(page.getByText('Hidden by a moderator: Off topic')).toBeVisible();
    await expect(page.getByText('Words soon hidden')).toHaveCount(0);
    await page.context().close();
  });
});
