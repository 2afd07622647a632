import type { Browser, BrowserContext, Page } from '@playwright/test';
import { baseURL, expect, sessionCookie, tabTo, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations, postTextBox } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Following a discussion (issue 16, items 1-3): A starts a thread and makes a point; while A is
 * away B posts three replies (two answering A's point, one to the opening post). A returns, is told
 * "3 unread", skips to the first unread reply, folds a sub-thread by keyboard and reads, beside
 * "Reply to …", the first sentence of the post each reply answers. With and without scripts.
 */

interface Conversation {
  slug: string;
  threadId: number;
  point: number;
  first: number;
  second: number;
  third: number;
  aId: number;
  aToken: string;
  bToken: string;
}

async function conversation(db: TestDatabase, playwright: Parameters<typeof createPage>[0]): Promise<Conversation> {
  const a = await db.createPerson({ name: 'unread-a', displayName: 'Ada Reader' });
  const b = await db.createPerson({ name: 'unread-b', displayName: 'Bo Writer' });
  const aToken = await db.startSession(a.id);
  const bToken = await db.startSession(b.id);
  const slug = await createPage(playwright, aToken, uniqueTitle('Following a discussion'), 'A page to talk about.');
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'What should we read first?', 'We should read the 2008 report first. Then decide.', $2 FROM pages WHERE slug = $1 RETURNING id`,
    [slug, a.id],
  );
  const reply = async (authorId: number, body: string, parent: number | null) =>
    (await db.query<{ id: number }>('INSERT INTO replies (thread_id, author_id, parent_reply_id, body) VALUES ($1, $2, $3, $4) RETURNING id', [threadId, authorId, parent, body]))[0].id;
  const point = await reply(a.id, 'My point is about staffing. More on that later.', null);
  await db.query('INSERT INTO thread_reads (user_id, thread_id, last_read_reply_id) VALUES ($1, $2, $3)', [a.id, threadId, point]);
  // A is away.
  const first = await reply(b.id, 'Staffing is not the whole story. Training matters too.', point);
  const second = await reply(b.id, 'And rotas. They changed in 2007.', first);
  const third = await reply(b.id, 'Which report do you mean? There were two.', null);
  return { slug, threadId, point, first, second, third, aId: a.id, aToken, bToken };
}

async function signedInAs(browser: Browser, token: string, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled });
  await context.addCookies([sessionCookie(token)]);
  return { context, page: await context.newPage() };
}

/**
 * axe runs inside the page, so a page with javaScriptEnabled:false cannot be scanned: the same
 * address is opened, as the same person, in a page whose script files are blocked, and scanned there.
 */
async function scan(browser: Browser, page: Page, token: string, javaScriptEnabled: boolean, where: string): Promise<void> {
  if (javaScriptEnabled) return expectNoAxeViolations(page, where);
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
  await context.addCookies([sessionCookie(token)]);
  const blocked = await context.newPage();
  const record = await blockScripts(blocked);
  await blocked.goto(page.url());
  expect(record.blocked.length).toBeGreaterThan(0);
  await expectNoAxeViolations(blocked, `${where}, without scripts`);
  await context.close();
}

const unreadIn = (page: Page, id: number) => page.locator(`#reply-${id} > h3`);

test.describe('unread replies, folded sub-threads and what a reply answers', () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`A returns to 3 unread replies, skips to the first, folds a sub-thread by keyboard and reads the excerpts (${javaScriptEnabled ? 'with' : 'without'} scripts)`, async ({ browser, db, playwright }) => {
      const c = await conversation(db, playwright);
      const { context, page } = await signedInAs(browser, c.aToken, javaScriptEnabled);

      // The thread list says how many are unread in each thread.
      await page.goto(`/wiki/${c.slug}/threads`);
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'What should we read first?' }) });
      await expect(row.getByText('3 unread', { exact: true })).toBeVisible();
      await scan(browser, page, c.aToken, javaScriptEnabled, 'the thread list with unread counts');

      await row.getByRole('link', { name: 'What should we read first?' }).click();
      if (javaScriptEnabled) await waitForHydration(page);
      await expect(page.getByRole('heading', { level: 2, name: '4 replies, 3 unread' })).toBeVisible();
      for (const id of [c.first, c.second, c.third]) await expect(unreadIn(page, id)).toHaveText(/ – Unread$/);
      await expect(unreadIn(page, c.point)).not.toContainText('Unread');
      if (!javaScriptEnabled) {
        // The scan's own view marks the thread read, as any view does: A's reading is put back as it was.
        await scan(browser, page, c.aToken, false, 'a thread with unread replies');
        await db.query('UPDATE thread_reads SET last_read_reply_id = $3 WHERE thread_id = $1 AND user_id = $2', [c.threadId, c.aId, c.point]);
      } else {
        await expectNoAxeViolations(page, 'a thread with unread replies');
      }

      // The first thing after the subject: the way to the first unread reply.
      const skip = page.getByRole('link', { name: 'Skip to the first unread reply (3 unread)' });
      await tabTo(page, skip);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`#reply-${c.first}$`));
      if (javaScriptEnabled) {
        await expect(page.locator(`#reply-${c.first}`)).toBeFocused();
      } else {
        // Without scripts the browser moves its starting point for Tab to the reply: the next stop is inside it.
        await page.keyboard.press('Tab');
        expect(await page.locator(`#reply-${c.first}`).evaluate((reply) => reply.contains(document.activeElement))).toBe(true);
      }

      // What each reply answers, quoted: the first sentence of that post.
      await expect(page.locator(`#reply-${c.first} .post__in-reply-to`).first()).toContainText('Reply to Ada Reader');
      await expect(page.locator(`#reply-${c.first} .post__in-reply-to`).first()).toContainText('“My point is about staffing.”');
      await expect(page.locator(`#reply-${c.third} .post__in-reply-to`)).toContainText('opening post');
      await expect(page.locator(`#reply-${c.third} .post__in-reply-to`)).toContainText('“We should read the 2008 report first.”');

      // Fold A's point's sub-thread by keyboard.
      const hide = page.getByRole('button', { name: /^Hide the 2 replies to your reply of / });
      await expect(hide).toHaveAttribute('aria-expanded', 'true');
      await tabTo(page, hide, { max: 80 });
      await page.keyboard.press('Enter');
      const show = page.getByRole('button', { name: /^Show the 2 replies to your reply of / });
      await expect(show).toHaveAttribute('aria-expanded', 'false');
      await expect(page.locator(`#reply-${c.first}`)).toBeHidden();
      await expect(page.locator(`#reply-${c.third}`)).toBeVisible();
      if (javaScriptEnabled) await expect(show).toBeFocused();
      await scan(browser, page, c.aToken, javaScriptEnabled, 'a thread with a folded sub-thread');

      // Remembered on the server: a fresh visit, in another browser, keeps it folded; and the thread is now read.
      const other = await signedInAs(browser, c.aToken, true);
      await other.page.goto(`/threads/${c.threadId}`);
      await expect(other.page.getByRole('button', { name: /^Show the 2 replies to your reply of / })).toHaveAttribute('aria-expanded', 'false');
      await expect(other.page.getByRole('link', { name: /Skip to the first unread reply/ })).toHaveCount(0);
      await expect(other.page.getByRole('heading', { level: 2, name: '4 replies', exact: true })).toBeVisible();
      await other.context.close();

      // B has not read A's point: it is unread to B (and only to B).
      const b = await signedInAs(browser, c.bToken, javaScriptEnabled);
      await b.page.goto(`/threads/${c.threadId}`);
      await expect(b.page.getByRole('link', { name: 'Skip to the first unread reply (1 unread)' })).toHaveAttribute('href', `#reply-${c.point}`);
      await expect(b.page.getByRole('button', { name: /^Hide the 2 replies to Ada Reader’s reply of / })).toHaveAttribute('aria-expanded', 'true');
      await b.context.close();
      await context.close();
    });
  }

  test('"Mark all as read" on the thread list works without scripts', async ({ browser, db, playwright }) => {
    const c = await conversation(db, playwright);
    const { context, page } = await signedInAs(browser, c.aToken, false);
    await page.goto(`/wiki/${c.slug}/threads`);
    await expect(page.getByText('3 unread', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: /^Mark all as read/ }).click();
    await expect(page).toHaveURL(new RegExp(`/wiki/${c.slug}/threads$`));
    await expect(page.getByRole('main').getByText(/\d unread/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Mark all as read/ })).toHaveCount(0);
    await page.goto(`/threads/${c.threadId}`);
    await expect(page.getByRole('link', { name: /Skip to the first unread reply/ })).toHaveCount(0);
    await context.close();
  });

  test('signed out, a sub-thread folds by address without scripts, and by a button with them; nothing is unread', async ({ browser, db, playwright }) => {
    const c = await conversation(db, playwright);
    const noScripts = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled: false });
    const page = await noScripts.newPage();
    await page.goto(`/threads/${c.threadId}`);
    await expect(page.getByRole('main').getByText('Unread')).toHaveCount(0);
    await page.getByRole('link', { name: /^Hide the 2 replies to Ada Reader’s reply of / }).click();
    await expect(page).toHaveURL(new RegExp(`\\?fold=${c.point}#reply-${c.point}$`));
    await expect(page.locator(`#reply-${c.first}`)).toBeHidden();
    await page.getByRole('link', { name: /^Show the 2 replies to Ada Reader’s reply of / }).click();
    await expect(page.locator(`#reply-${c.first}`)).toBeVisible();
    await noScripts.close();

    const scripts = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    const js = await scripts.newPage();
    await js.goto(`/threads/${c.threadId}`);
    await waitForHydration(js);
    const hide = js.getByRole('button', { name: /^Hide the 2 replies to Ada Reader’s reply of / });
    await hide.focus();
    await js.keyboard.press('Enter');
    await expect(js.getByRole('button', { name: /^Show the 2 replies to Ada Reader’s reply of / })).toHaveAttribute('aria-expanded', 'false');
    await expect(js.locator(`#reply-${c.first}`)).toBeHidden();
    await expectNoAxeViolations(js, 'a folded sub-thread, signed out');
    await scripts.close();
  });

  test('a reply arriving live while A reads is held, shown marked "Unread" when A asks for it, and read after that', async ({ browser, db, playwright }) => {
    const c = await conversation(db, playwright);
    await db.query('UPDATE thread_reads SET last_read_reply_id = $3 WHERE thread_id = $1 AND user_id = $2', [c.threadId, c.aId, c.third]);
    const { context, page } = await signedInAs(browser, c.aToken, true);
    await page.goto(`/threads/${c.threadId}`);
    await waitForHydration(page);
    await expect(page.getByText('Live updates on')).toBeVisible();
    await expect(page.getByRole('link', { name: /Skip to the first unread reply/ })).toHaveCount(0);

    const b = await signedInAs(browser, c.bToken, true);
    await b.page.goto(`/threads/${c.threadId}`);
    const form = b.page.locator('#reply-form');
    await postTextBox(form, /^Your reply to /).fill('A late thought. It came to me on the bus.');
    await form.getByRole('button', { name: 'Post reply' }).click();
    await expect(b.page).toHaveURL(/#reply-\d+$/);
    const late = Number(/#reply-(\d+)$/.exec(b.page.url())![1]);
    await b.context.close();

    await page.getByRole('button', { name: 'Show 1 new reply' }).click();
    await expect(page.locator(`#reply-${late}`)).toBeFocused();
    await expect(unreadIn(page, late)).toHaveText(/ – Unread$/);
    await expect(page.getByRole('heading', { level: 2, name: '5 replies, 1 unread' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: '5 replies', exact: true })).toBeVisible();
    await expect(unreadIn(page, late)).not.toContainText('Unread');
    await context.close();
  });
});
