import type { Page, PlaywrightWorkerArgs } from '@playwright/test';
import { apiAs, expect, formToken, postForm, signInWithCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { expectNoAxeViolations } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Watching and notifications (issue 6, item 4): watch a thread, another person replies, the header
 * count rises and /notifications lists it; mark as read; the same watch/unwatch without scripts;
 * axe on /notifications and the settings page. Each test makes its own page and thread.
 */

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
}

/** A page of one's own with one thread, started by `starterId` straight in the database. */
async function ownThread(db: TestDatabase, playwright: PlaywrightWorkerArgs['playwright'], token: string, starterId: number, subject: string) {
  const slug = await createPage(playwright, token, uniqueTitle('Watching'), 'A page to watch.');
  const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
  const [{ id: threadId }] = await db.query<{ id: number }>(`INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, $2, 'Opening post', $3) RETURNING id`, [pageId, subject, starterId]);
  return { slug, threadId };
}

/** Replies as `token`'s person through the thread page's plain form (what a browser without scripts sends). */
async function replyAs(playwright: PlaywrightWorkerArgs['playwright'], token: string, threadId: number, body: string): Promise<number> {
  const api = await apiAs(playwright, token);
  try {
    const csrf = await formToken(api, `/threads/${threadId}`);
    const response = await postForm(api, `/threads/${threadId}`, { intent: 'reply', body, idempotencyKey: `e2e-${Math.random()}` }, { csrf });
    expect(response.status()).toBe(303);
    return Number(/#reply-(\d+)$/.exec(response.headers().location)![1]);
  } finally {
    await api.dispose();
  }
}

const header = (page: Page) => page.getByRole('navigation', { name: 'Account' });

test.describe('watching and notifications', () => {
  test('watch a thread, see the count rise (without a reload) after another person replies, read it on /notifications and mark it read', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const ann = await db.createPerson({ name: 'watch-ann', displayName: 'Ann Watcher' });
    const ben = await db.createPerson({ name: 'watch-ben', displayName: 'Ben Replier' });
    const annToken = await db.startSession(ann.id);
    const benToken = await db.startSession(ben.id);
    const subject = `Who should we ask ${Math.random().toString(36).slice(2, 7)}?`;
    const { slug, threadId } = await ownThread(db, playwright, annToken, ben.id, subject);

    await signInWithCookie(page.context(), annToken);
    await open(page, `/threads/${threadId}`);
    await waitForHydration(page);
    await expect(header(page).getByRole('link', { name: 'Notifications (0 unread)' })).toBeVisible();
    const watch = page.getByRole('button', { name: `Watch the thread ‘${subject}’` });
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await watch.click();
    // Enhanced: no reload, focus stays on the same button, and the new state is announced.
    const stop = page.getByRole('button', { name: `Stop watching the thread ‘${subject}’` });
    await expect(stop).toBeFocused();
    await expect(page.locator('.watch-form [aria-live="polite"]')).toHaveText(`You are watching the thread ‘${subject}’`);
    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}$`));
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // And back, the same way.
    await stop.click();
    await expect(page.getByRole('button', { name: `Watch the thread ‘${subject}’` })).toBeFocused();
    await expect(page.locator('.watch-form [aria-live="polite"]')).toHaveText(`You have stopped watching the thread ‘${subject}’`);
    expect(await db.query('SELECT 1 FROM watches WHERE user_id = $1 AND thread_id = $2', [ann.id, threadId])).toHaveLength(0);
    await page.getByRole('button', { name: `Watch the thread ‘${subject}’` }).click();
    await expect(stop).toBeFocused();
    await expect(page.locator('.watch-form [aria-live="polite"]')).toHaveText(`You are watching the thread ‘${subject}’`);
    const [{ watching }] = await db.query<{ watching: number }>('SELECT count(*)::int AS watching FROM watches WHERE user_id = $1 AND thread_id = $2', [ann.id, threadId]);
    expect(watching).toBe(1);
    await expectNoAxeViolations(page, 'a thread page with its Watch button, signed in');
    await open(page, `/wiki/${slug}`);
    await expect(page.getByRole('button', { name: `Stop watching the thread ‘${subject}’` })).toBeVisible();
    await expectNoAxeViolations(page, 'a wiki page with Watch buttons on the page and in its thread table');
    await open(page, `/threads/${threadId}`);

    await waitForHydration(page);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const replyId = await replyAs(playwright, benToken, threadId, 'Ask the ward clerks first.');
    // The count rises while Ann reads, without a reload.
    await expect(header(page).getByRole('link', { name: 'Notifications (1 unread)' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), 'the page was not reloaded').toBe(true);
    await header(page).getByRole('link', { name: 'Notifications (1 unread)' }).click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    const item = page.getByRole('listitem').filter({ hasText: `Ben Replier replied in ‘${subject}’` });
    await expect(item).toContainText('Unread');
    await expect(item.getByRole('link', { name: `replied in ‘${subject}’` })).toHaveAttribute('href', `/threads/${threadId}#reply-${replyId}`);
    await expectNoAxeViolations(page, '/notifications with an unread notification');

    await waitForHydration(page);
    await item.getByRole('button', { name: new RegExp(`^Mark as read: Ben Replier replied in ‘${subject.replace(/[?]/g, '\\?')}’`) }).click();
    await expect(header(page).getByRole('link', { name: 'Notifications (0 unread)' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: `Ben Replier replied in ‘${subject}’` })).not.toContainText('Unread');
    await expect(page.getByText('You have no unread notifications.')).toBeVisible();
  });

  test('"Mark all as read" and the empty and signed-out states', async ({ page, db, playwright }) => {
    const cy = await db.createPerson({ name: 'watch-cy', displayName: 'Cy Reader' });
    const dee = await db.createPerson({ name: 'watch-dee', displayName: 'Dee Poster' });
    const cyToken = await db.startSession(cy.id);
    await open(page, '/notifications');
    await expect(page.getByRole('link', { name: 'Sign in to see your notifications' })).toBeVisible();

    await signInWithCookie(page.context(), cyToken);
    await open(page, '/notifications');
    await expect(page.getByText('You have no notifications yet.')).toBeVisible();

    const { threadId } = await ownThread(db, playwright, cyToken, cy.id, 'Two replies to read');
    await db.query('INSERT INTO watches (user_id, thread_id) VALUES ($1, $2)', [cy.id, threadId]);
    const deeToken = await db.startSession(dee.id);
    await replyAs(playwright, deeToken, threadId, 'One');
    await replyAs(playwright, deeToken, threadId, 'Two');
    await open(page, '/notifications');
    await expect(header(page).getByRole('link', { name: 'Notifications (2 unread)' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Mark as read: / })).toHaveCount(2);
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(header(page).getByRole('link', { name: 'Notifications (0 unread)' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Mark as read: / })).toHaveCount(0);
  });

  test('the settings page saves the choices and has no axe violations', async ({ page, db }) => {
    const eve = await db.createPerson({ name: 'watch-eve', displayName: 'Eve Settings' });
    await signInWithCookie(page.context(), await db.startSession(eve.id));
    await open(page, '/notifications');
    await page.getByRole('link', { name: 'Change your notification settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
    await expectNoAxeViolations(page, '/account/notifications');
    await waitForHydration(page);
    await page.getByRole('checkbox', { name: 'Watch threads I start or reply to' }).uncheck();
    await page.getByRole('group', { name: 'How often do you want emails about your notifications?' }).getByRole('radio', { name: 'Never' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Your notification settings have been saved.')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Watch threads I start or reply to' })).not.toBeChecked();
    await expect(page.getByRole('radio', { name: 'Never' })).toBeChecked();
    const [row] = await db.query<{ auto_watch: boolean; email_frequency: string }>('SELECT auto_watch, email_frequency FROM users WHERE id = $1', [eve.id]);
    expect(row).toEqual({ auto_watch: false, email_frequency: 'never' });
  });

  test('a settings form with no frequency chosen shows the error summary and the error at the field', async ({ playwright, db }) => {
    const fay = await db.createPerson({ name: 'watch-fay' });
    const api = await apiAs(playwright, await db.startSession(fay.id));
    try {
      const csrf = await formToken(api, '/account/notifications');
      const response = await postForm(api, '/account/notifications', { autoWatch: 'yes', emailFrequency: 'Hourly' }, { csrf });
      expect(response.status()).toBe(400);
      const html = await response.text();
      expect(html).toContain('There is a problem');
      expect(html).toContain('href="#emailFrequency-Immediately"');
      expect(html).toMatch(/id="emailFrequency-error"[^>]*>.*Choose how often you want emails about your notifications/s);
    } finally {
      await api.dispose();
    }
  });
});

test('/watch only returns to a path on this site, and needs the form token', async ({ playwright, db }) => {
  const ivy = await db.createPerson({ name: 'watch-ivy' });
  const token = await db.startSession(ivy.id);
  const { threadId } = await ownThread(db, playwright, token, ivy.id, 'Return paths');
  const api = await apiAs(playwright, token);
  try {
    const csrf = await formToken(api, `/threads/${threadId}`);
    const away = await postForm(api, '/watch', { threadId: String(threadId), watch: 'yes', returnTo: 'https://elsewhere.example/' }, { csrf });
    expect(away.status()).toBe(303);
    expect(away.headers().location).toBe('/notifications');
    const home = await postForm(api, '/watch', { threadId: String(threadId), watch: 'no', returnTo: `/threads/${threadId}` }, { csrf });
    expect(home.headers().location).toBe(`/threads/${threadId}`);
    const forged = await postForm(api, '/watch', { threadId: String(threadId), watch: 'yes', returnTo: '/' }, { csrf: null });
    expect(forged.status()).toBe(403);
    expect(await db.query('SELECT 1 FROM watches WHERE user_id = $1', [ivy.id])).toHaveLength(0);
  } finally {
    await api.dispose();
  }
});

test.describe('watching without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('watch and stop watching a thread, a page and an area with plain forms', async ({ page, db, playwright }) => {
    const gil = await db.createPerson({ name: 'watch-gil', displayName: 'Gil NoScript' });
    const token = await db.startSession(gil.id);
    const subject = `Plain forms ${Math.random().toString(36).slice(2, 7)}`;
    const { slug, threadId } = await ownThread(db, playwright, token, gil.id, subject);
    await signInWithCookie(page.context(), token);

    await open(page, `/threads/${threadId}`);
    await page.getByRole('button', { name: `Watch the thread ‘${subject}’` }).click();
    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}$`));
    await expect(page.getByRole('button', { name: `Stop watching the thread ‘${subject}’` })).toBeVisible();
    await page.getByRole('button', { name: `Stop watching the thread ‘${subject}’` }).click();
    await expect(page.getByRole('button', { name: `Watch the thread ‘${subject}’` })).toBeVisible();

    // The page's thread table has a Watch control per row, and the page one of its own.
    await open(page, `/wiki/${slug}`);
    await page.getByRole('row', { name: new RegExp(subject) }).getByRole('button', { name: `Watch the thread ‘${subject}’` }).click();
    await expect(page).toHaveURL(new RegExp(`/wiki/${slug}$`));
    await expect(page.getByRole('button', { name: `Stop watching the thread ‘${subject}’` })).toBeVisible();
    // The full list of the page's threads has one too.
    await open(page, `/wiki/${slug}/threads`);
    await page.getByRole('row', { name: new RegExp(subject) }).getByRole('button', { name: `Stop watching the thread ‘${subject}’` }).click();
    await expect(page).toHaveURL(new RegExp(`/wiki/${slug}/threads$`));
    await page.getByRole('row', { name: new RegExp(subject) }).getByRole('button', { name: `Watch the thread ‘${subject}’` }).click();
    await open(page, `/wiki/${slug}`);
    await page.getByRole('button', { name: /^Watch the page ‘/ }).click();
    await expect(page.getByRole('button', { name: /^Stop watching the page ‘/ })).toBeVisible();

    const [area] = await db.query<{ slug: string }>('SELECT slug FROM areas WHERE archived_at IS NULL ORDER BY position LIMIT 1');
    await open(page, `/areas/${area.slug}`);
    await page.getByRole('button', { name: /^Watch the area ‘/ }).click();
    await expect(page.getByRole('button', { name: /^Stop watching the area ‘/ })).toBeVisible();

    const rows = await db.query<{ thread_id: number | null; page_id: number | null; area_id: number | null }>('SELECT thread_id, page_id, area_id FROM watches WHERE user_id = $1', [gil.id]);
    expect(rows).toHaveLength(3);
  });

  test('signed-out readers see no Watch button', async ({ page, db, playwright }) => {
    const hal = await db.createPerson({ name: 'watch-hal' });
    const { threadId } = await ownThread(db, playwright, await db.startSession(hal.id), hal.id, 'Nobody signed in');
    await open(page, `/threads/${threadId}`);
    await expect(page.getByRole('button', { name: /watch/i })).toHaveCount(0);
  });
});
