import type { Browser, BrowserContext, Page } from '@playwright/test';
import { apiAs, baseURL, expect, formToken, PASSWORD, postForm, sessionCookie, tabTo, test, waitForHydration } from './support/accounts';
import { blockScripts, expectNoAxeViolations, postTextBox } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Drafts on the server (issue 16, item 4): what someone types in one browser is saved as they type,
 * offered back in another browser once they sign in there, restored (by keyboard), and gone once
 * posted. Losing the connection while typing says "Draft not saved" at once.
 */

async function freshBrowser(browser: Browser, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, username: string, returnTo: string): Promise<void> {
  await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${returnTo.replace(/[/?]/g, '\\$&')}$`));
}

test.describe('drafts kept on the server', () => {
  test('a reply typed in one browser is offered in another after signing in, restored by keyboard, and gone after posting', async ({ browser, db, playwright }) => {
    const ada = await db.createPerson({ name: 'draft-a', displayName: 'Ada Drafter' });
    const other = await db.createPerson({ name: 'draft-b', displayName: 'Bo Other' });
    const token = await db.startSession(ada.id);
    const slug = await createPage(playwright, token, uniqueTitle('Drafts'), 'A page to talk about.');
    const [{ id: threadId }] = await db.query<{ id: number }>(
      `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'Where do drafts go?', 'Opening words.', $2 FROM pages WHERE slug = $1 RETURNING id`,
      [slug, ada.id],
    );
    const words = 'I think the 2008 report is the place to start, because';

    // The ward computer: typing, then a pause, and the draft is saved, said politely.
    const ward = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await ward.addCookies([sessionCookie(token)]);
    const first = await ward.newPage();
    await first.goto(`/threads/${threadId}`);
    await waitForHydration(first);
    const box = postTextBox(first, /Your reply to/).last();
    await box.fill(words);
    const status = first.getByRole('status').filter({ hasText: /Draft saved at \d\d:\d\d/ });
    await expect(status).toBeVisible();
    await expectNoAxeViolations(first, 'a thread with a reply draft saved');
    await ward.close();

    // Bo, signed in elsewhere, is offered nothing of Ada's.
    const bo = await freshBrowser(browser);
    await signIn(bo.page, other.username, `/threads/${threadId}`);
    await expect(bo.page.getByRole('region', { name: 'Draft not sent' })).toHaveCount(0);
    await expect(bo.page.getByText(words)).toHaveCount(0);
    await bo.context.close();

    // Ada had also begun an answer to Bo's reply, somewhere else: two drafts on one page, each offered at its form.
    const [{ id: boReply }] = await db.query<{ id: number }>('INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING id', [threadId, other.id, 'Bo asks which report.']);
    await db.query(`INSERT INTO drafts (user_id, draft_key, body, client_saved_at) VALUES ($1, $2, 'The older one, Bo.', now())`, [ada.id, `reply:${threadId}:${boReply}`]);

    // The office computer: Ada signs in and is offered the drafts.
    const office = await freshBrowser(browser);
    await signIn(office.page, ada.username, `/threads/${threadId}`);
    await waitForHydration(office.page);
    await expect(office.page.getByRole('region', { name: 'Draft not sent' })).toHaveCount(2);
    const offer = office.page.locator('#reply-form').getByRole('region', { name: 'Draft not sent' });
    await expect(offer).toContainText(/You have a draft from \d\d:\d\d/);
    await expectNoAxeViolations(office.page, 'a thread offering a draft');
    const restore = offer.getByRole('link', { name: 'Restore my draft' });
    await tabTo(office.page, restore, { max: 200 });
    await office.page.keyboard.press('Enter');
    await expect(office.page.getByRole('region', { name: 'Draft restored' })).toHaveCount(2);
    const restored = postTextBox(office.page, /Your reply to/).last();
    await expect(restored).toHaveValue(words);
    await expect(restored).toBeFocused();
    await expect(postTextBox(office.page, /Your reply to Bo Other/)).toHaveValue('The older one, Bo.');
    await expectNoAxeViolations(office.page, 'a thread with a restored draft');

    await restored.press('End');
    await restored.pressSequentially(' it is the oldest.');
    await office.page.getByRole('button', { name: 'Post reply' }).last().click();
    await expect(office.page.getByRole('paragraph').filter({ hasText: `${words} it is the oldest.` })).toBeVisible();
    // Posted: that draft is offered no more, here or anywhere; the unposted answer to Bo still is.
    await office.page.goto(`/threads/${threadId}`);
    await expect(office.page.locator('#reply-form').getByRole('region', { name: 'Draft not sent' })).toHaveCount(0);
    await expect(office.page.getByRole('region', { name: 'Draft not sent' })).toHaveCount(1);
    expect(await db.query('SELECT draft_key FROM drafts WHERE user_id = $1 AND discarded_at IS NULL', [ada.id])).toEqual([{ draft_key: `reply:${threadId}:${boReply}` }]);
    await office.context.close();
  });

  test('an edit of one’s own reply is kept as a draft, offered in another browser, restored without scripts, and gone once saved', async ({ browser, db, playwright }) => {
    const ada = await db.createPerson({ name: 'draft-edit', displayName: 'Ada Editor' });
    const token = await db.startSession(ada.id);
    const slug = await createPage(playwright, token, uniqueTitle('Edit drafts'), 'A page to talk about.');
    const [{ id: threadId }] = await db.query<{ id: number }>(
      `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'Edits kept?', 'Opening words.', $2 FROM pages WHERE slug = $1 RETURNING id`,
      [slug, ada.id],
    );
    const [{ id: replyId }] = await db.query<{ id: number }>('INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING id', [threadId, ada.id, 'My first words.']);
    const editBox = (page: Page) => postTextBox(page, /^New text of /);

    // With scripts: the edit is saved as a draft while typing.
    const ward = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await ward.addCookies([sessionCookie(token)]);
    const first = await ward.newPage();
    await first.goto(`/threads/${threadId}`);
    await waitForHydration(first);
    await first.locator(`#reply-${replyId}`).locator('summary', { hasText: /^Edit / }).click();
    await editBox(first).fill('My better words, half written');
    await expect(first.getByRole('status').filter({ hasText: /Draft saved at \d\d:\d\d/ })).toBeVisible();
    await expectNoAxeViolations(first, 'a reply edit with its draft saved');
    await ward.close();
    expect(await db.query('SELECT body FROM drafts WHERE user_id = $1 AND draft_key = $2', [ada.id, `reply-edit:${threadId}:${replyId}`])).toEqual([{ body: 'My better words, half written' }]);

    // Without scripts, elsewhere: the edit form is open with the offer; "Restore my draft" fills it.
    const office = await freshBrowser(browser, false);
    await office.context.addCookies([sessionCookie(token)]);
    await office.page.goto(`/threads/${threadId}`);
    const offer = office.page.locator(`#reply-${replyId}`).getByRole('region', { name: 'Draft not sent' });
    await expect(offer).toContainText('it begins “My better words, half written”');
    await expect(editBox(office.page)).toHaveValue('My first words.');
    await offer.getByRole('link', { name: 'Restore my draft' }).click();
    await expect(editBox(office.page)).toHaveValue('My better words, half written');
    await editBox(office.page).fill('My better words, now written.');
    await office.page.getByRole('button', { name: 'Save changes' }).click();
    await expect(office.page.getByRole('paragraph').filter({ hasText: 'My better words, now written.' })).toBeVisible();
    await expect(office.page.getByRole('region', { name: 'Draft not sent' })).toHaveCount(0);
    expect(await db.query('SELECT 1 FROM drafts WHERE user_id = $1 AND discarded_at IS NULL', [ada.id])).toEqual([]);
    await office.context.close();

    // axe on the offer, without scripts: a draft put back as if typed elsewhere, in a page whose scripts are blocked.
    await db.query(`UPDATE drafts SET body = 'Another go', client_saved_at = now(), discarded_at = NULL WHERE user_id = $1`, [ada.id]);
    const scanned = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await scanned.addCookies([sessionCookie(token)]);
    const blocked = await scanned.newPage();
    await blockScripts(blocked);
    await blocked.goto(`/threads/${threadId}`);
    await expect(blocked.locator(`#reply-${replyId}`).getByRole('region', { name: 'Draft not sent' })).toBeVisible();
    await expectNoAxeViolations(blocked, 'a reply edit offering a draft, without scripts');
    await scanned.close();
  });

  test('losing the connection while typing says "Draft not saved" at once', async ({ browser, db, playwright }) => {
    const ada = await db.createPerson({ name: 'draft-off' });
    const token = await db.startSession(ada.id);
    const slug = await createPage(playwright, token, uniqueTitle('Offline drafts'), 'Words.');
    const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await context.addCookies([sessionCookie(token)]);
    const page = await context.newPage();
    await page.goto(`/wiki/${slug}/threads/new`);
    await waitForHydration(page);
    await page.getByRole('textbox', { name: 'Subject' }).fill('About the rota');
    await context.setOffline(true);
    await postTextBox(page, 'Text').pressSequentially('The rota');
    // At once: well before the 2-second pause after typing.
    await expect(page.getByRole('alert').filter({ hasText: 'Draft not saved — you are offline' })).toBeVisible({ timeout: 1000 });
    await expectNoAxeViolations(page, 'a new thread whose draft could not be saved');
    // Back online, the draft is saved.
    await context.setOffline(false);
    await expect(page.getByRole('status').filter({ hasText: /Draft saved at/ })).toBeVisible();
    const [draft] = await db.query<{ title: string; body: string }>('SELECT title, body FROM drafts WHERE user_id = $1 AND draft_key = $2', [ada.id, `thread-new:${slug}`]);
    expect(draft).toEqual({ title: 'About the rota', body: 'The rota' });
    await context.close();
  });

  test('a refused submission is kept as a draft', async ({ browser, db, playwright }) => {
    const ada = await db.createPerson({ name: 'draft-refused' });
    const token = await db.startSession(ada.id);
    const slug = await createPage(playwright, token, uniqueTitle('Refused drafts'), 'Words.');
    const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await context.addCookies([sessionCookie(token)]);
    const page = await context.newPage();
    await page.goto(`/wiki/${slug}/threads/new`);
    await waitForHydration(page);
    // Typed quickly and sent before the pause: nothing was saved yet, and the subject is missing.
    await postTextBox(page, 'Text').fill('Words typed in a hurry');
    await page.getByRole('button', { name: 'Start thread' }).click();
    await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /Draft saved at/ })).toBeVisible();
    expect(await db.query('SELECT body FROM drafts WHERE user_id = $1 AND draft_key = $2', [ada.id, `thread-new:${slug}`])).toEqual([{ body: 'Words typed in a hurry' }]);
    await context.close();
  });

  test('without scripts a draft is offered, restored and discarded by links and forms', async ({ browser, db, playwright }) => {
    const ada = await db.createPerson({ name: 'draft-nojs' });
    const token = await db.startSession(ada.id);
    const slug = await createPage(playwright, token, uniqueTitle('No-script drafts'), 'The page as saved.');
    await db.query(`INSERT INTO drafts (user_id, draft_key, title, body, client_saved_at) VALUES ($1, $2, 'Title', 'My unsaved edit', now())`, [ada.id, `page-edit:${slug}`]);
    const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled: false });
    await context.addCookies([sessionCookie(token)]);
    const page = await context.newPage();
    await page.goto(`/wiki/${slug}/edit`);
    const offer = page.getByRole('region', { name: 'Draft not sent' });
    await expect(offer).toContainText('You have a draft from');
    await expect(page.getByRole('textbox', { name: 'Page text' })).toHaveValue('The page as saved.');
    await offer.getByRole('link', { name: 'Restore my draft' }).click();
    await expect(page.getByRole('textbox', { name: 'Page text' })).toHaveValue('My unsaved edit');

    // axe needs scripts in the page: the same view, with the site's scripts blocked.
    const scanned = await context.browser()!.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await scanned.addCookies([sessionCookie(token)]);
    const blocked = await scanned.newPage();
    await blockScripts(blocked);
    await blocked.goto(`/wiki/${slug}/edit`);
    await expectNoAxeViolations(blocked, 'a page edit offering a draft, without scripts');
    await scanned.close();

    await page.goto(`/wiki/${slug}/edit`);
    await page.getByRole('region', { name: 'Draft not sent' }).getByRole('button', { name: 'Discard my draft' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your draft has been discarded.' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Draft not sent' })).toHaveCount(0);
    await context.close();
  });

  test('/drafts needs the form token, keeps only the sender’s own draft, and returns only to a path on this site', async ({ playwright, db }) => {
    const ivy = await db.createPerson({ name: 'draft-ivy' });
    const api = await apiAs(playwright, await db.startSession(ivy.id));
    try {
      const csrf = await formToken(api, '/pages/new');
      const fields = { intent: 'save', draftKey: 'page-new', title: 'A title', body: 'Ivy’s words', savedAt: new Date().toISOString() };
      expect((await postForm(api, '/drafts', fields, { csrf: null })).status()).toBe(403);
      expect(await db.query('SELECT 1 FROM drafts WHERE user_id = $1', [ivy.id])).toHaveLength(0);
      const saved = await postForm(api, '/drafts', fields, { csrf });
      expect(saved.status()).toBe(200);
      expect(await saved.json()).toMatchObject({ error: null });
      // The same save again is not newer: refused, said in words.
      const again = await postForm(api, '/drafts', fields, { csrf });
      expect(again.status()).toBe(400);
      expect((await again.json()).error).toMatch(/A newer draft of this text is already saved/);
      expect(await db.query('SELECT title, body FROM drafts WHERE user_id = $1', [ivy.id])).toEqual([{ title: 'A title', body: 'Ivy’s words' }]);
      const away = await postForm(api, '/drafts', { intent: 'discard', draftKey: 'page-new', returnTo: 'https://elsewhere.example/' }, { csrf });
      expect(away.status()).toBe(303);
      expect(away.headers().location).toBe('/?draft=discarded');
      expect(await db.query('SELECT 1 FROM drafts WHERE user_id = $1 AND discarded_at IS NULL', [ivy.id])).toHaveLength(0);
    } finally {
      await api.dispose();
    }
  });
});
