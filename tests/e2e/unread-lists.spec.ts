import type { Browser, BrowserContext, Page } from '@playwright/test';
import { baseURL, expect, sessionCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Unread counts on every thread list (issue 16, item 1): beside the page's full thread list
 * (unread.spec.ts), the page view's short list, a recommendation's threads, a tag's threads and the
 * home page's recent threads say "3 unread" per thread to the person signed in, never to anyone
 * else, and offer "Mark all as read"; with and without scripts.
 */

interface Lists {
  slug: string;
  title: string;
  tag: string;
  subject: string;
  recommendationId: number;
  recommendationSubject: string;
  aToken: string;
}

async function lists(db: TestDatabase, playwright: Parameters<typeof createPage>[0]): Promise<Lists> {
  const a = await db.createPerson({ name: 'lists-a', displayName: 'Ada Lister' });
  const b = await db.createPerson({ name: 'lists-b', displayName: 'Bo Poster' });
  const aToken = await db.startSession(a.id);
  const title = uniqueTitle('Unread lists');
  const slug = await createPage(playwright, aToken, title, 'A page to talk about.');
  const word = Math.random().toString(36).slice(2, 8);
  const tag = `unread-${word}`;
  const subject = `Which rota first ${word}?`;
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id, tags) SELECT id, $2, 'Opening words.', $3, ARRAY[$4] FROM pages WHERE slug = $1 RETURNING id`,
    [slug, subject, a.id, tag],
  );
  // A's own reply is never unread to A; B's three are, since A never opened the thread.
  await db.query(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1::int, $2::int, 'Mine.'), ($1, $3::int, 'One.'), ($1, $3, 'Two.'), ($1, $3, 'Three.')`, [threadId, a.id, b.id]);
  const [{ id: recommendationId }] = await db.query<{ id: number }>(`SELECT r.id FROM recommendations r JOIN areas ar ON ar.id = r.area_id WHERE r.status = 'active' AND ar.archived_at IS NULL ORDER BY r.id LIMIT 1`);
  const recommendationSubject = `About this recommendation ${word}`;
  const [{ id: recommendationThread }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, recommendation_id, subject, body, starter_id) SELECT id, $1::int, $2, 'Opening words.', $3::int FROM pages WHERE slug = 'emerging-issues' RETURNING id`,
    [recommendationId, recommendationSubject, a.id],
  );
  await db.query(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, 'Just one.')`, [recommendationThread, b.id]);
  return { slug, title, tag, subject, recommendationId, recommendationSubject, aToken };
}

async function signedInAs(browser: Browser, token: string | null, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled });
  if (token) await context.addCookies([sessionCookie(token)]);
  return { context, page: await context.newPage() };
}

/** The row (or list item) of a thread in a list, found by its subject's link. */
const threadRow = (page: Page, subject: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
const threadItem = (page: Page, subject: string) => page.getByRole('listitem').filter({ has: page.getByRole('link', { name: subject }) });

test.describe('unread counts on every thread list', () => {
  test('with scripts: the page view and a recommendation say how many replies are unread; "Mark all as read" keeps focus and says so; signed out, nothing', async ({ browser, db, playwright }) => {
    const l = await lists(db, playwright);
    const { context, page } = await signedInAs(browser, l.aToken, true);
    await page.goto(`/wiki/${l.slug}`);
    await waitForHydration(page);
    await expect(threadRow(page, l.subject)).toContainText('3 unread');
    await expectNoAxeViolations(page, 'a page view whose thread list has unread replies');

    const button = page.getByRole('button', { name: new RegExp(`^Mark all as read\\W+the threads shown about ${l.title}$`) });
    await button.click();
    await expect(page.getByText('Marked as read: 1 thread')).toBeAttached();
    await expect(threadRow(page, l.subject)).not.toContainText('unread');
    await expect(button).toBeFocused();
    await expectNoAxeViolations(page, 'a page view after "Mark all as read"');

    await page.goto(`/recommendations/${l.recommendationId}`);
    await expect(threadRow(page, l.recommendationSubject)).toContainText('1 unread');
    await expectNoAxeViolations(page, 'a recommendation whose threads have unread replies');
    await context.close();

    // The same pages for someone signed out: no one's reading, no button.
    const anonymous = await signedInAs(browser, null, true);
    for (const path of [`/wiki/${l.slug}`, `/recommendations/${l.recommendationId}`, `/tags/${l.tag}`]) {
      await anonymous.page.goto(path);
      await expect(anonymous.page.getByRole('main').getByText(/\d unread/)).toHaveCount(0);
      await expect(anonymous.page.getByRole('button', { name: /^Mark all as read/ })).toHaveCount(0);
    }
    await anonymous.context.close();
  });

  test('without scripts: a tag’s threads and the home page’s recent threads say how many are unread, and "Mark all as read" comes back to the list', async ({ browser, db, playwright }) => {
    const l = await lists(db, playwright);
    const { context, page } = await signedInAs(browser, l.aToken, false);
    await page.goto(`/tags/${l.tag}`);
    await expect(threadItem(page, l.subject)).toContainText('3 unread');

    // axe runs inside the page: the same address, as the same person, with the site's scripts blocked.
    const scanned = await signedInAs(browser, l.aToken, true);
    await blockScripts(scanned.page);
    await scanned.page.goto(`/tags/${l.tag}`);
    await expectNoAxeViolations(scanned.page, 'a tag whose threads have unread replies, without scripts');
    await scanned.page.goto('/');
    await expectNoAxeViolations(scanned.page, 'the home page with unread recent threads, without scripts');
    await scanned.context.close();

    await page.getByRole('button', { name: new RegExp(`^Mark all as read\\W+the threads tagged “${l.tag}”$`) }).click();
    await expect(page).toHaveURL(new RegExp(`/tags/${l.tag}$`));
    await expect(threadItem(page, l.subject)).not.toContainText('unread');
    await expect(page.getByRole('button', { name: /^Mark all as read/ })).toHaveCount(0);

    // The recommendation's thread has the newest post, so it leads the home page's recent threads.
    await page.goto('/');
    await expect(threadItem(page, l.recommendationSubject)).toContainText('1 unread');
    await page.getByRole('button', { name: /^Mark all as read\W+the recent threads$/ }).click();
    await expect(page).toHaveURL(`${baseURL()}/`);
    await expect(threadItem(page, l.recommendationSubject)).not.toContainText('unread');
    await context.close();
  });
});
