import type { Browser, Page } from '@playwright/test';
import { baseURL, expect, sessionCookie, test, waitForHydration, type Person, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * @mentions (issue 16, item 5): typing "@" and letters in a reply offers people in a combobox
 * (ARIA Authoring Practices: combobox with listbox popup); one chosen by keyboard is posted as a
 * link to their profile and they are told on their notifications page. Without scripts, "@username"
 * typed by hand does the same.
 */

async function browserAs(browser: Browser, token: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled });
  await context.addCookies([sessionCookie(token)]);
  return context.newPage();
}

async function threadOn(db: TestDatabase, playwright: Parameters<typeof createPage>[0], token: string, starter: Person, subject: string): Promise<number> {
  const slug = await createPage(playwright, token, uniqueTitle('Mentions'), 'A page to talk about.');
  const [{ id }] = await db.query<{ id: number }>(`INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, $2, 'Opening words.', $3 FROM pages WHERE slug = $1 RETURNING id`, [slug, subject, starter.id]);
  return id;
}

async function expectMentionNotification(browser: Browser, db: TestDatabase, person: Person, author: Person, subject: string): Promise<void> {
  const page = await browserAs(browser, await db.startSession(person.id));
  await page.goto('/notifications');
  await expect(page.getByRole('link', { name: `mentioned you in ‘${subject}’` })).toHaveCount(1);
  await expect(page.getByText(`${author.displayName} mentioned you in ‘${subject}’`)).toBeVisible();
  await page.context().close();
}

test.describe('@mentions', () => {
  test('a person chosen by keyboard from the combobox is mentioned in the posted reply and told of it', async ({ browser, db, playwright }) => {
    const word = `mz${Math.random().toString(36).slice(2, 7).replace(/[^a-z]/g, 'q')}`;
    const author = await db.createPerson({ name: 'mention-author', displayName: 'Ada Author' });
    const people = [
      await db.createPerson({ name: `${word}a`, displayName: 'Cleo First' }),
      await db.createPerson({ name: `${word}b`, displayName: 'Dev Second' }),
      await db.createPerson({ name: `${word}c`, displayName: 'Eli Third' }),
    ];
    const token = await db.startSession(author.id);
    const subject = `Who knows the rota ${word}?`;
    const threadId = await threadOn(db, playwright, token, author, subject);

    const page = await browserAs(browser, token);
    // The combobox's script is its own file, loaded by thread pages (the page-weight test checks a wiki page does not).
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(request.url()));
    await page.goto(`/threads/${threadId}`);
    await waitForHydration(page);
    expect(scripts.filter((url) => /\/assets\/MentionTextarea-[\w-]+\.js$/.test(url))).toHaveLength(1);
    const box = page.getByRole('combobox', { name: /Your reply to/ });
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await box.focus();
    await page.keyboard.type(`Could you look, @${word}`);

    const list = page.getByRole('listbox', { name: 'People to mention' });
    await expect(list).toBeVisible();
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    await expect(box).toHaveAttribute('aria-controls', (await list.getAttribute('id'))!);
    await expect(list.getByRole('option')).toHaveText([`Cleo First @${people[0].username}`, `Dev Second @${people[1].username}`, `Eli Third @${people[2].username}`]);
    await expect(page.getByRole('status').filter({ hasText: 'people found' })).toHaveText('3 people found');
    await expectNoAxeViolations(page, 'a thread page with the mention combobox open');

    // Down twice: the second person is the active option (focus stays in the text box).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = list.getByRole('option', { name: new RegExp(people[1].username) });
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);
    await expect(box).toBeFocused();

    // Escape closes the list and leaves the text; typing on opens it again.
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await expect(box).toHaveValue(`Could you look, @${word}`);
    await page.keyboard.type('b');
    await expect(list.getByRole('option')).toHaveText([`Dev Second @${people[1].username}`]);
    await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 person found');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(list).toBeHidden();
    await expect(box).toHaveValue(`Could you look, @${people[1].username} `);
    await page.keyboard.type('please?');
    await page.getByRole('button', { name: 'Post reply' }).last().click();

    const posted = page.getByRole('link', { name: `@${people[1].username}` });
    await expect(posted).toHaveAttribute('href', `/users/${people[1].username}`);
    await page.context().close();
    await expectMentionNotification(browser, db, people[1], author, subject);
    const others: unknown[] = await db.query(`SELECT 1 FROM notifications WHERE kind = 'mention' AND recipient_id = ANY($1)`, [[people[0].id, people[2].id]]);
    expect(others).toEqual([]);
  });

  test('without scripts, "@username" typed by hand links to the person and tells them; an unknown name is refused at the text box, the text kept, and "\\@name" posts it as text', async ({ browser, db, playwright }) => {
    const author = await db.createPerson({ name: 'mention-plain', displayName: 'Pat Plain' });
    const friend = await db.createPerson({ name: 'mention-friend', displayName: 'Flo Friend' });
    const token = await db.startSession(author.id);
    const subject = `Plain mentions ${Math.random().toString(36).slice(2, 7)}`;
    const threadId = await threadOn(db, playwright, token, author, subject);
    const typed = `Thanks @${friend.username} and @nobody-by-that-name.`;
    const message = 'No one is called @nobody-by-that-name here: check the name, or write \\@nobody-by-that-name to post it as plain text';

    const page = await browserAs(browser, token, false);
    await page.goto(`/threads/${threadId}`);
    const box = page.getByRole('textbox', { name: /Your reply to/ });
    await box.fill(typed);
    await page.getByRole('button', { name: 'Post reply' }).last().click();
    await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(page.getByRole('link', { name: message })).toHaveAttribute('href', `#${await box.getAttribute('id')}`);
    await expect(page.getByText(message).last()).toBeVisible(); // at the text box too
    await expect(box).toHaveValue(typed);
    expect(await db.query('SELECT 1 FROM replies WHERE thread_id = $1', [threadId])).toEqual([]);

    await box.fill(`Thanks @${friend.username} and \\@nobody-by-that-name.`);
    await page.getByRole('button', { name: 'Post reply' }).last().click();
    await expect(page.getByRole('link', { name: `@${friend.username}` })).toHaveAttribute('href', `/users/${friend.username}`);
    await expect(page.getByRole('paragraph').filter({ hasText: `Thanks @${friend.username}` })).toContainText('and @nobody-by-that-name.');
    await expect(page.getByRole('link', { name: '@nobody-by-that-name' })).toHaveCount(0);
    await page.context().close();
    await expectMentionNotification(browser, db, friend, author, subject);

    // axe needs scripts in the page: the same refusal, with the site's scripts blocked.
    const scanned = await browserAs(browser, token);
    await blockScripts(scanned);
    await scanned.goto(`/threads/${threadId}`);
    await scanned.getByRole('textbox', { name: /Your reply to/ }).last().fill('Over to @nobody-by-that-name');
    await scanned.getByRole('button', { name: 'Post reply' }).last().click();
    await expect(scanned.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expectNoAxeViolations(scanned, 'a reply refused for an unknown mention, without scripts');
    await scanned.context().close();
  });

  test('with scripts, an unknown name is refused in the error summary, which takes focus; the text stays and is kept as a draft', async ({ browser, db, playwright }) => {
    const author = await db.createPerson({ name: 'mention-typo', displayName: 'Tia Typo' });
    const token = await db.startSession(author.id);
    const threadId = await threadOn(db, playwright, token, author, `Typos ${Math.random().toString(36).slice(2, 7)}`);
    const page = await browserAs(browser, token);
    await page.goto(`/threads/${threadId}`);
    await waitForHydration(page);
    const box = page.getByRole('combobox', { name: /Your reply to/ });
    const typed = 'Could @nobody-here-either and @no-one-at-all look?';
    await box.fill(typed);
    await page.getByRole('button', { name: 'Post reply' }).last().click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveText('No one is called @nobody-here-either or @no-one-at-all here: check the names, or write \\@ before a name to post it as plain text');
    await expect(page).toHaveTitle(/^Error: /);
    await expect(box).toHaveValue(typed);
    await expectNoAxeViolations(page, 'a reply refused for unknown mentions, with scripts');
    // Refused, the text is kept on the server as a draft at once (README, "When it is saved").
    await expect(page.getByRole('status').filter({ hasText: /Draft saved at/ })).toBeVisible();
    expect(await db.query('SELECT body FROM drafts WHERE user_id = $1 AND draft_key = $2', [author.id, `reply:${threadId}`])).toEqual([{ body: typed }]);
    await page.context().close();
  });
});
