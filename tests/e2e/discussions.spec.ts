import type { Page } from '@playwright/test';
import { apiAs, errorSummary, expect, formToken, postForm, signInWithCookie, tabTo, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations, expectNoHorizontalScrolling, postTextBox } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Discussions (issue 6): replying to a reply by keyboard, starting a thread and replying with
 * scripts blocked, "Do you find this valuable?", nesting, and axe on every discussion page.
 * Each test makes its own page and threads: the seeded Emerging issues threads stay as they are.
 */

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await waitForHydration(page);
}

/** A page of one's own with a thread and replies, made straight in the database. */
async function threadWithReplies(db: TestDatabase, slug: string, starterId: number, replies: { authorId: number; parent: number | null; body: string }[]) {
  const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id, created_at) VALUES ($1, $2, 'What should we ask **first**?', $3, now() - interval '1 hour') RETURNING id`,
    [pageId, `Questions ${slug}`, starterId],
  );
  const ids: number[] = [];
  for (const [index, reply] of replies.entries()) {
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO replies (thread_id, parent_reply_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, now() - interval '50 minutes' + $5 * interval '1 minute') RETURNING id`,
      [threadId, reply.parent === null ? null : ids[reply.parent], reply.authorId, reply.body, index],
    );
    ids.push(id);
  }
  return { threadId, replyIds: ids };
}

test.describe('discussions', () => {
  test('reply to a reply with the keyboard alone: it lands nested, says whom it answers, and has focus', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const starter = await db.createPerson({ name: 'disc-starter', displayName: 'Sam Starter' });
    const bea = await db.createPerson({ name: 'disc-bea', displayName: 'Bea Replier' });
    const me = await db.createPerson({ name: 'disc-kb', displayName: 'Kay Keyboard' });
    const token = await db.startSession(me.id);
    const slug = await createPage(playwright, token, uniqueTitle('Keyboard discussion'), 'A page to talk about.');
    const { threadId, replyIds } = await threadWithReplies(db, slug, starter.id, [{ authorId: bea.id, parent: null, body: 'Start with the clinicians.' }]);
    await signInWithCookie(page.context(), token);
    await open(page, `/threads/${threadId}`);

    const action = page.getByText(/^Reply to Bea Replier’s reply of /);
    await tabTo(page, action, { max: 60 });
    await page.keyboard.press('Enter');
    const box = postTextBox(page, /^Your reply to Bea Replier’s reply of /);
    await expect(box).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(box).toBeFocused();
    await page.keyboard.type('And with the nurses on the ward.');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Post reply' }).first()).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}#reply-\\d+$`));
    const newId = Number(new URL(page.url()).hash.replace('#reply-', ''));
    expect(newId).toBeGreaterThan(replyIds[0]);
    const reply = page.locator(`#reply-${newId}`);
    await expect(reply).toBeFocused();
    await expect(reply.getByRole('heading', { level: 3 })).toHaveText('Reply 2 of 2, by Kay Keyboard');
    await expect(reply.getByRole('link', { name: /^Reply to Bea Replier, \d{1,2} \w+ \d{4}$/ })).toHaveAttribute('href', `#reply-${replyIds[0]}`);
    await expect(reply).toContainText('And with the nurses on the ward.');
    // Nested inside the reply it answers.
    await expect(page.locator(`#reply-${replyIds[0]} #reply-${newId}`)).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Show last reply' })).toHaveAttribute('href', `#reply-${newId}`);
  });

  test('with scripts blocked: start a thread, see a refused empty reply with a message, reply, and land on the new reply', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const record = await blockScripts(page);
    const me = await db.createPerson({ name: 'disc-nojs', displayName: 'Nell No-Script' });
    const token = await db.startSession(me.id);
    const title = uniqueTitle('No script discussion');
    const slug = await createPage(playwright, token, title, 'A page to talk about without scripts.');
    await signInWithCookie(page.context(), token);

    await page.goto(`/wiki/${slug}`);
    await page.getByRole('link', { name: 'Start a new thread about this page' }).click();
    await expect(page).toHaveURL(new RegExp(`/wiki/${slug}/threads/new$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Start a thread about ${title}`);

    await page.getByRole('button', { name: 'Start thread' }).click();
    await page.waitForLoadState('load');
    await expect(page).toHaveTitle(`Error: Start a thread about ${title} – Commonplace`);
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter a subject for the thread', 'Enter the text of your post']);
    await expectNoAxeViolations(page, 'the start-thread form with problems');

    await page.getByRole('textbox', { name: 'Subject' }).fill('Who owns the safety case?');
    await postTextBox(page, 'Text').fill('The supplier, the trust, or both?');
    await page.getByRole('textbox', { name: 'Keyword tags (optional)' }).fill('safety, governance');
    await page.getByRole('button', { name: 'Start thread' }).click();
    await expect(page).toHaveURL(/\/threads\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Who owns the safety case?');
    await expect(page.getByText('Keyword tags: safety, governance')).toBeVisible();
    const threadPath = new URL(page.url()).pathname;

    const box = postTextBox(page, /^Your reply to Nell No-Script’s opening post of /);
    await box.fill('   ');
    await page.getByRole('button', { name: 'Post reply' }).last().click();
    await page.waitForLoadState('load');
    await expect(page).toHaveTitle('Error: Who owns the safety case? (thread) – Commonplace');
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter the text of your post']);
    await expect(box).toHaveAccessibleDescription(/Error: Enter the text of your post/);
    await expectNoAxeViolations(page, 'the reply form in its error state, without JavaScript');

    await box.fill('Both, with the clinical safety officer signing.');
    await page.getByRole('button', { name: 'Post reply' }).last().click();
    await expect(page).toHaveURL(new RegExp(`${threadPath}#reply-\\d+$`));
    const hash = new URL(page.url()).hash;
    const reply = page.locator(hash);
    await expect(reply.getByRole('heading', { level: 3 })).toHaveText('Reply 1 of 1, by Nell No-Script');
    await expect(reply).toContainText('Both, with the clinical safety officer signing.');
    await expect(reply.getByRole('link', { name: /^Reply to Nell No-Script’s opening post of / })).toBeVisible();
    expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('a double submit with the same form makes one reply (the idempotency key in the form)', async ({ db, playwright }) => {
    const starter = await db.createPerson({ name: 'disc-idem' });
    const token = await db.startSession(starter.id);
    const slug = await createPage(playwright, token, uniqueTitle('Double submit'), 'Text.');
    const { threadId } = await threadWithReplies(db, slug, starter.id, []);
    const api = await apiAs(playwright, token);
    try {
      const csrf = await formToken(api, `/threads/${threadId}`);
      const fields = { intent: 'reply', body: 'Sent twice by an impatient finger', idempotencyKey: `double-${threadId}` };
      const [first, second] = await Promise.all([postForm(api, `/threads/${threadId}`, fields, { csrf }), postForm(api, `/threads/${threadId}`, fields, { csrf })]);
      expect(first.status()).toBe(303);
      expect(second.status()).toBe(303);
      expect(first.headers().location).toBe(second.headers().location);
    } finally {
      await api.dispose();
    }
    const [{ count }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM replies WHERE thread_id = $1', [threadId]);
    expect(count).toBe(1);
  });

  test('"Do you find this valuable?": answer yes, see the count, change to no', async ({ page, db, playwright }) => {
    const starter = await db.createPerson({ name: 'disc-val-s', displayName: 'Val Starter' });
    const me = await db.createPerson({ name: 'disc-val', displayName: 'Vic Voter' });
    const token = await db.startSession(me.id);
    const slug = await createPage(playwright, token, uniqueTitle('Valuable'), 'Text.');
    const { threadId } = await threadWithReplies(db, slug, starter.id, [{ authorId: me.id, parent: null, body: 'My own reply.' }]);
    await signInWithCookie(page.context(), token);
    await open(page, `/threads/${threadId}`);

    const opening = page.locator('#opening-post-section');
    await expect(opening.getByText('Nobody has said they found this valuable yet')).toBeVisible();
    // Text typed in a reply form survives answering "valuable?" meanwhile (the page is not reloaded).
    const draft = postTextBox(page, /^Your reply to Val Starter’s opening post of /);
    await draft.fill('Half-written thoughts');
    const yes = opening.getByRole('button', { name: /^Yes ?, Val Starter’s opening post of .* is valuable$/ });
    await yes.click();
    await expect(opening.getByText('1 person found this valuable')).toBeVisible();
    await expect(draft).toHaveValue('Half-written thoughts');
    await expect(yes).toHaveAttribute('aria-pressed', 'true');
    await opening.getByRole('button', { name: /^No ?, / }).click();
    await expect(opening.getByText('Nobody has said they found this valuable yet')).toBeVisible();
    await expect(opening.getByText('You said no; you can change your answer.')).toBeVisible();
    // No buttons on one's own reply: the count only.
    const own = page.locator('.post--reply').first();
    await expect(own.getByRole('button', { name: /^Yes/ })).toHaveCount(0);
    await expect(own.getByText('Nobody has said they found this valuable yet')).toBeVisible();
  });

  test('axe: a thread with nested replies (deeper than 4 shown at 4), the start-thread form and the full thread list; reflow at 320 px', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const a = await db.createPerson({ name: 'disc-ax-a', displayName: 'Ada Axe' });
    const b = await db.createPerson({ name: 'disc-ax-b', displayName: 'Ben Axe' });
    const token = await db.startSession(a.id);
    const title = uniqueTitle('Axe discussion');
    const slug = await createPage(playwright, token, title, 'Text.');
    const chain = [0, 1, 2, 3, 4].map((i) => ({ authorId: i % 2 === 0 ? b.id : a.id, parent: i === 0 ? null : i - 1, body: `Level ${i + 1} of the chain.` }));
    const { threadId, replyIds } = await threadWithReplies(db, slug, a.id, [...chain, { authorId: b.id, parent: null, body: 'A second answer.' }]);
    await signInWithCookie(page.context(), token);

    await open(page, `/threads/${threadId}`);
    // Level 5 is shown at depth 4 (beside level 4), saying in text whom it answers.
    const depthOf = (id: number) => page.locator(`#reply-${id}`).evaluate((element) => {
      let depth = 0;
      for (let node: Element | null = element; node; node = node.parentElement) if (node.matches('ol.reply-list')) depth++;
      return depth;
    });
    expect(await depthOf(replyIds[3])).toBe(4);
    expect(await depthOf(replyIds[4])).toBe(4);
    await expect(page.locator(`#reply-${replyIds[4]}`).getByRole('link', { name: /^Reply to Ada Axe, / })).toHaveAttribute('href', `#reply-${replyIds[3]}`);
    await expect(page.getByRole('heading', { level: 3, name: 'Reply 5 of 6, by Ben Axe' })).toBeVisible();
    // Every action's name is unique on the page.
    const names = await page.locator('summary').allInnerTexts();
    expect(new Set(names).size).toBe(names.length);
    await expectNoAxeViolations(page, 'a thread with nested replies');
    await page.getByText(/^Edit your reply of /).first().click();
    await expectNoAxeViolations(page, 'a thread with the edit form open');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScrolling(page, 'a thread with nested replies at 320 px');
    await page.setViewportSize({ width: 1280, height: 800 });

    await open(page, `/wiki/${slug}/threads/new`);
    await expectNoAxeViolations(page, 'the start-thread form');

    await open(page, `/wiki/${slug}/threads`);
    await expect(page.getByRole('table', { name: `Threads about ${title}, newest activity first` })).toBeVisible();
    await page.getByRole('link', { name: 'most valuable' }).click();
    await expect(page.getByRole('table', { name: `Threads about ${title}, most valuable first` })).toBeVisible();
    await expectNoAxeViolations(page, 'the full thread list');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScrolling(page, 'the full thread list at 320 px');
  });

  test('edit and delete your own reply: "edited once" with the earlier text to read, then "deleted by its author" with the replies to it kept', async ({ page, db, playwright }) => {
    const a = await db.createPerson({ name: 'disc-ed-a', displayName: 'Eda Editor' });
    const b = await db.createPerson({ name: 'disc-ed-b', displayName: 'Rob Replier' });
    const token = await db.startSession(a.id);
    const slug = await createPage(playwright, token, uniqueTitle('Editing replies'), 'Text.');
    const { threadId, replyIds } = await threadWithReplies(db, slug, b.id, [
      { authorId: a.id, parent: null, body: 'A first thought.' },
      { authorId: b.id, parent: 0, body: 'An answer to it.' },
    ]);
    await signInWithCookie(page.context(), token);
    await open(page, `/threads/${threadId}`);
    const mine = page.locator(`#reply-${replyIds[0]}`);
    await mine.getByText(/^Edit your reply of /).click();
    await postTextBox(mine, /^New text of your reply of /).fill('A better thought.');
    await mine.getByRole('button', { name: 'Save changes' }).click();
    await expect(mine.locator('.prose').first()).toHaveText('A better thought.');
    // "edited once" links to the earlier texts, each with what its edit changed.
    await mine.getByRole('link', { name: /^edited once ?: earlier texts of Eda Editor’s reply of / }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Earlier texts of Eda Editor’s reply of / })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Edit 1 (the text shown now)', 'As first posted']);
    await expect(page.getByRole('region', { name: 'Edit 1: the text, with its changes' })).toHaveText('A [removed: first][added: better] thought.');
    await expect(page.getByRole('region', { name: 'As first posted: the text' })).toHaveText('A first thought.');
    await expectNoAxeViolations(page, 'a reply’s earlier texts');
    await page.getByRole('link', { name: /^Back to Eda Editor’s reply of / }).click();
    await expect(page.locator(`#reply-${replyIds[0]}`)).toBeFocused();

    await mine.getByText(/^Delete your reply of /).click();
    await mine.getByRole('button', { name: 'Yes, delete my reply' }).click();
    await expect(mine.getByText('This reply was deleted by its author.')).toBeVisible();
    await expect(page.getByText('A better thought.')).toHaveCount(0);
    const answer = page.locator(`#reply-${replyIds[1]}`);
    await expect(answer).toContainText('An answer to it.');
    await expect(answer.getByRole('link', { name: /^Reply to Eda Editor, / })).toHaveAttribute('href', `#reply-${replyIds[0]}`);
  });
});
