import type { Browser, Page } from '@playwright/test';
import { errorSummary, expect, signInWithCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Moderation (issue 6, item 7): reporting a post, the moderation queue, hiding ("Hidden by a
 * moderator: …"), locking, pinning and moving a thread, with scripts and without. Each test makes
 * its own page, thread and replies. Only this spec makes reports, and its tests run one after
 * another, so the empty queue can be checked.
 */
test.describe.configure({ mode: 'serial' });

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await waitForHydration(page);
}

/** A thread by `starterId` on the page `slug`, with one reply by `replierId`, made straight in the database. */
async function threadWithReply(db: TestDatabase, slug: string, starterId: number, replierId: number, body: string) {
  const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id, created_at) VALUES ($1, $2, 'Is the safety case shared with clinicians?', $3, now() - interval '1 hour') RETURNING id`,
    [pageId, `Moderated ${slug}`, starterId],
  );
  const [{ id: replyId }] = await db.query<{ id: number }>(
    `INSERT INTO replies (thread_id, author_id, body, created_at) VALUES ($1, $2, $3, now() - interval '30 minutes') RETURNING id`,
    [threadId, replierId, body],
  );
  return { threadId, replyId };
}

async function setUp(db: TestDatabase, playwright: Parameters<typeof createPage>[0], label: string) {
  const starter = await db.createPerson({ name: 'mod-starter', displayName: 'Sam Starter' });
  const bea = await db.createPerson({ name: 'mod-bea', displayName: 'Bea Replier' });
  const reporter = await db.createPerson({ name: 'mod-reporter', displayName: 'Rita Reporter' });
  const moderator = await db.createPerson({ name: 'mod-moderator', displayName: 'Mo Moderator', role: 'moderator' });
  const starterToken = await db.startSession(starter.id);
  const slug = await createPage(playwright, starterToken, uniqueTitle(label), 'A page to talk about.');
  const { threadId, replyId } = await threadWithReply(db, slug, starter.id, bea.id, 'You clearly know nothing about safety cases.');
  return { starter, bea, reporter, moderator, slug, threadId, replyId, reporterToken: await db.startSession(reporter.id), moderatorToken: await db.startSession(moderator.id) };
}

async function signedInPage(browser: Browser, token: string | null, scripts = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: scripts });
  if (token) await signInWithCookie(context, token);
  return context.newPage();
}

const REPLY_NAME = /^Bea Replier’s reply of \d{1,2} \w+ \d{4}, \d{2}:\d{2}$/;

test.describe('moderation', () => {
  test('a participant reports a reply, a moderator hides it from the queue, and an anonymous reader sees "Hidden by a moderator"', async ({ page, browser, db, playwright }) => {
    test.setTimeout(90_000);
    const { reporterToken, moderatorToken, threadId, replyId } = await setUp(db, playwright, 'Moderation hide');
    await signInWithCookie(page.context(), reporterToken);
    await open(page, `/threads/${threadId}`);

    const reply = page.locator(`#reply-${replyId}`);
    await reply.getByText(/^Report Bea Replier’s reply of /).click();
    await reply.getByRole('textbox', { name: /^Why should a moderator look at Bea Replier’s reply of / }).fill('A personal attack on the person asking.');
    await reply.getByRole('button', { name: /^Send report about Bea Replier’s reply of / }).click();
    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}\\?reported=reply-${replyId}#reply-${replyId}$`));
    await expect(reply.getByText('Thank you: a moderator will look at your report.')).toBeVisible();
    await expect(reply).toBeFocused();

    // The moderator's queue: the post, who reported it and why, and Hide and Dismiss named after the post.
    const moderatorPage = await signedInPage(browser, moderatorToken);
    await open(moderatorPage, '/');
    await moderatorPage.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Moderation' }).click();
    await expect(moderatorPage).toHaveURL(/\/moderation$/);
    await expect(moderatorPage.getByRole('heading', { level: 1 })).toHaveText('Moderation');
    const item = moderatorPage.getByRole('listitem').filter({ has: moderatorPage.getByRole('heading', { level: 3, name: REPLY_NAME }) });
    await expect(item).toHaveCount(1);
    await expect(item.getByRole('link', { name: REPLY_NAME })).toHaveAttribute('href', `/threads/${threadId}#reply-${replyId}`);
    await expect(item).toContainText('You clearly know nothing about safety cases.');
    await expect(item.getByRole('heading', { level: 4 })).toHaveText(/^1 report about Bea Replier’s reply of /);
    await expect(item).toContainText('Rita Reporter');
    await expect(item).toContainText('A personal attack on the person asking.');
    await expect(item.getByRole('button', { name: /^Dismiss the reports about Bea Replier’s reply of / })).toBeVisible();
    await expectNoAxeViolations(moderatorPage, 'the moderation queue with a report in it');

    // Hiding needs a reason: the error is at the field, in the summary, and what was typed is kept.
    await item.getByRole('button', { name: new RegExp(`^Hide ${REPLY_NAME.source.slice(1)}`) }).click();
    await expect(errorSummary(moderatorPage).getByRole('link')).toHaveText(['Enter a reason']);
    const reason = moderatorPage.getByRole('textbox', { name: /^Reason for hiding Bea Replier’s reply of / });
    await expect(reason).toHaveAccessibleDescription(/Error: Enter a reason/);
    await reason.fill('Personal attacks are not allowed here.');
    await moderatorPage.getByRole('button', { name: new RegExp(`^Hide ${REPLY_NAME.source.slice(1)}`) }).click();
    await expect(moderatorPage.getByRole('alert')).toContainText('The post was hidden');
    await expect(moderatorPage.getByRole('heading', { level: 3, name: REPLY_NAME })).toHaveCount(0);

    // Anyone reading sees the reason in the reply's place, not its text; the thread keeps its shape.
    const anonymous = await signedInPage(browser, null);
    await open(anonymous, `/threads/${threadId}`);
    const hidden = anonymous.locator(`#reply-${replyId}`);
    await expect(hidden.getByRole('heading', { level: 3 })).toHaveText('Reply 1 of 1, by Bea Replier');
    await expect(hidden).toContainText('Hidden by a moderator: Personal attacks are not allowed here.');
    await expect(hidden).not.toContainText('You clearly know nothing');
    await expectNoAxeViolations(anonymous, 'a thread with a hidden reply');

    // The moderator sees the text, marked as hidden, and can unhide it; the act is in the log.
    await open(moderatorPage, `/threads/${threadId}`);
    const asModerator = moderatorPage.locator(`#reply-${replyId}`);
    await expect(asModerator).toContainText('Hidden by a moderator: Personal attacks are not allowed here.');
    await expect(asModerator).toContainText('The hidden text of this reply, shown only to moderators');
    await expect(asModerator).toContainText('You clearly know nothing about safety cases.');
    await expect(asModerator.locator('summary', { hasText: /^Unhide Bea Replier’s reply of / })).toBeVisible();
    await expect(asModerator.getByText(/^Reply to Bea Replier’s reply of /)).toHaveCount(0);
    await expectNoAxeViolations(moderatorPage, 'a thread with a hidden reply, as a moderator');
    await open(moderatorPage, '/moderation/log');
    await expect(moderatorPage.getByRole('row').filter({ hasText: 'Personal attacks are not allowed here.' }).first()).toContainText(`Reply hidden: reply ${replyId}`);
    await moderatorPage.context().close();
    await anonymous.context().close();
  });

  test('the report form in its error state: a summary, the message at the field, the text kept; a second report is refused', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const { reporterToken, threadId, replyId } = await setUp(db, playwright, 'Moderation errors');
    await signInWithCookie(page.context(), reporterToken);
    await open(page, `/threads/${threadId}`);
    const reply = page.locator(`#reply-${replyId}`);
    await reply.getByText(/^Report Bea Replier’s reply of /).click();
    const send = reply.getByRole('button', { name: /^Send report about Bea Replier’s reply of / });
    await send.click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter a reason']);
    const box = reply.getByRole('textbox', { name: /^Why should a moderator look at Bea Replier’s reply of / });
    await expect(box).toHaveAccessibleDescription(/Error: Enter a reason/);
    await expectNoAxeViolations(page, 'the report form in its error state');
    // The summary's link takes the reader to the field.
    await errorSummary(page).getByRole('link', { name: 'Enter a reason' }).click();
    await expect(box).toBeFocused();

    const long = `Too long: ${'x'.repeat(1000)}`;
    await box.fill(long);
    await send.click();
    await expect(errorSummary(page).getByRole('link')).toHaveText(['The reason must be 1,000 characters or fewer']);
    await expect(box).toHaveValue(long);

    await box.fill('Rude.');
    await send.click();
    await expect(reply.getByText('Thank you: a moderator will look at your report.')).toBeVisible();
    // Reporting again (the form comes back on a fresh visit) is refused, with the text kept.
    await open(page, `/threads/${threadId}`);
    await reply.getByText(/^Report Bea Replier’s reply of /).click();
    await box.fill('Still rude.');
    await send.click();
    await expect(errorSummary(page).getByRole('link')).toHaveText(['You have already reported this reply; a moderator will look at it']);
    await expect(box).toHaveValue('Still rude.');
  });

  test('with scripts blocked: report a thread, see the problem with an empty reason, then the thank-you', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const record = await blockScripts(page);
    const { reporterToken, threadId } = await setUp(db, playwright, 'Moderation no script');
    await signInWithCookie(page.context(), reporterToken);
    await page.goto(`/threads/${threadId}`);
    const opening = page.getByRole('region', { name: 'Opening post, by Sam Starter' });
    await opening.getByText(/^Report Sam Starter’s opening post of /).click();
    await opening.getByRole('button', { name: /^Send report about Sam Starter’s opening post of / }).click();
    await page.waitForLoadState('load');
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter a reason']);
    const box = opening.getByRole('textbox', { name: /^Why should a moderator look at Sam Starter’s opening post of / });
    await expect(box).toHaveAccessibleDescription(/Error: Enter a reason/);
    await expectNoAxeViolations(page, 'the report form in its error state, without JavaScript');
    await box.fill('Advertising a product.');
    await opening.getByRole('button', { name: /^Send report about Sam Starter’s opening post of / }).click();
    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}\\?reported=thread-${threadId}#opening-post$`));
    await expect(opening.getByText('Thank you: a moderator will look at your report.')).toBeVisible();
    const [{ count }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM flags WHERE thread_id = $1 AND resolved_at IS NULL', [threadId]);
    expect(count).toBe(1);
    expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('a moderator hides a reply from the thread itself, by keyboard: a reason is required, then "Hidden by a moderator" in its place', async ({ page, db, playwright }) => {
    const { moderatorToken, threadId, replyId } = await setUp(db, playwright, 'Moderation hide in place');
    await signInWithCookie(page.context(), moderatorToken);
    await open(page, `/threads/${threadId}`);
    const reply = page.locator(`#reply-${replyId}`);
    // Moderators hide rather than report.
    await expect(reply.getByText(/^Report Bea Replier’s reply of /)).toHaveCount(0);
    const summary = reply.locator('summary', { hasText: /^Hide Bea Replier’s reply of / });
    await summary.focus();
    await page.keyboard.press('Enter');
    const reason = reply.getByRole('textbox', { name: /^Why hide Bea Replier’s reply of / });
    await reason.focus();
    await page.keyboard.press('Tab');
    await expect(reply.getByRole('button', { name: /^Hide Bea Replier’s reply of / })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(errorSummary(page).getByRole('link')).toHaveCount(1);
    await expect(reason).toHaveAccessibleDescription(/Error:/);
    await expectNoAxeViolations(page, 'the hide form in its error state');

    await reason.fill('Personal remarks about another participant.');
    await reply.getByRole('button', { name: /^Hide Bea Replier’s reply of / }).click();
    await expect(page.locator(`#reply-${replyId}`)).toContainText('Hidden by a moderator: Personal remarks about another participant.');
    const [entry] = await db.query<{ action: string; reason: string }>(`SELECT action, reason FROM audit_entries WHERE subject_type = 'reply' AND subject_id = $1 ORDER BY id DESC LIMIT 1`, [replyId]);
    expect(entry).toEqual({ action: 'reply.hidden', reason: 'Personal remarks about another participant.' });
  });

  test('a moderator locks, pins and moves a thread: the locked banner shows and no reply can be posted', async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    const { moderatorToken, threadId, starter } = await setUp(db, playwright, 'Moderation lock');
    const otherTitle = uniqueTitle('Moderation destination');
    const otherSlug = await createPage(playwright, await db.startSession(starter.id), otherTitle, 'Where the thread goes.');
    await signInWithCookie(page.context(), moderatorToken);
    await open(page, `/threads/${threadId}`);
    await expect(page.getByRole('region', { name: 'This thread is locked' })).toHaveCount(0);
    const controls = page.locator('details', { has: page.locator('summary', { hasText: 'Moderate this thread' }) });
    // Opens "Moderate this thread" unless it is open already (after a form sent with scripts, it stays open).
    const openControls = async () => {
      if (!(await controls.evaluate((details) => (details as HTMLDetailsElement).open))) await controls.locator('summary').click();
    };
    await openControls();
    await page.getByRole('textbox', { name: 'Reason to lock this thread (optional)' }).fill('The discussion has become heated.');
    await page.getByRole('button', { name: 'Lock this thread' }).click();
    await expect(page.getByRole('region', { name: 'This thread is locked' })).toContainText('no new replies can be posted');
    await expect(page.getByRole('button', { name: 'Post reply' })).toHaveCount(0);
    await expect(page.getByText('This thread is locked, so no new replies can be posted.')).toBeVisible();

    await openControls();
    await page.getByRole('button', { name: 'Pin this thread' }).click();
    await expect(page.getByRole('button', { name: 'Unpin this thread' })).toBeAttached();
    await openControls();
    await expect(page.getByText('This thread is locked and pinned (listed first).')).toBeVisible();
    await expectNoAxeViolations(page, 'a locked thread with the moderation controls open');

    await page.getByRole('link', { name: 'Move this thread to another page or recommendation' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Move the thread /);
    await page.getByRole('button', { name: 'Move the thread' }).click();
    await expect(errorSummary(page).getByRole('link')).toHaveText(['Choose a page or a recommendation to move the thread to']);
    await expectNoAxeViolations(page, 'the move form in its error state');
    await page.getByRole('combobox', { name: 'Move it to' }).selectOption({ label: otherTitle });
    await page.getByRole('textbox', { name: 'Reason' }).fill('It is about the other page.');
    await page.getByRole('button', { name: 'Move the thread' }).click();
    await expect(page).toHaveURL(new RegExp(`/threads/${threadId}$`));
    await expect(page.getByRole('main').getByRole('link', { name: otherTitle, exact: true })).toHaveAttribute('href', `/wiki/${otherSlug}`);

    const actions = await db.query<{ action: string; reason: string }>('SELECT action, reason FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY id', ['thread', threadId]);
    expect(actions).toEqual([
      { action: 'thread.locked', reason: 'The discussion has become heated.' },
      { action: 'thread.pinned', reason: '' },
      { action: 'thread.moved', reason: 'It is about the other page.' },
    ]);
  });

  // A thread a moderator hid, as its repliers and everyone else but moderators see it: hidden-thread.spec.ts.

  test('the empty queue says so; only moderators may open it', async ({ page, browser, db }) => {
    const moderator = await db.createPerson({ name: 'mod-empty', role: 'moderator' });
    await db.query(`UPDATE flags SET resolved_at = now(), resolved_by_id = $1, resolution = 'dismissed' WHERE resolved_at IS NULL`, [moderator.id]);
    await signInWithCookie(page.context(), await db.startSession(moderator.id));
    await open(page, '/moderation');
    await expect(page.getByRole('heading', { level: 2, name: 'No open reports' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Moderation log: every moderator act' })).toHaveAttribute('href', '/moderation/log');
    await expectNoAxeViolations(page, 'the empty moderation queue');

    const participant = await db.createPerson({ name: 'mod-not' });
    const participantPage = await signedInPage(browser, await db.startSession(participant.id));
    const refused = await participantPage.goto('/moderation');
    expect(refused?.status()).toBe(403);
    await expect(participantPage.getByRole('heading', { level: 1 })).toHaveText('You cannot do this');
    await expect(participantPage.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Moderation' })).toHaveCount(0);
    const anonymous = await signedInPage(browser, null);
    await anonymous.goto('/moderation');
    await expect(anonymous).toHaveURL(/\/sign-in\?returnTo=%2Fmoderation$/);
    await participantPage.context().close();
    await anonymous.context().close();
  });
});
