import type { Browser, BrowserContext, Page } from '@playwright/test';
import { baseURL, expect, sessionCookie, tabTo, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations, postTextBox } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * "Quote in your reply" (issue 16, item 3): A quotes B's reply by keyboard (its first paragraph,
 * or the words A selected) into the reply form, writes, posts, and the reply shows the quote as a
 * block quote; without scripts a link fills the reply box on the server.
 */

async function discussion(db: TestDatabase, playwright: Parameters<typeof createPage>[0]) {
  const a = await db.createPerson({ name: 'quote-a', displayName: 'Ada Quoter' });
  const b = await db.createPerson({ name: 'quote-b', displayName: 'Bo Speaker' });
  const aToken = await db.startSession(a.id);
  const slug = await createPage(playwright, aToken, uniqueTitle('Quoting'), 'A page to talk about.');
  const [{ id: threadId }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'Which rota works?', 'The night rota is too long for one nurse.\n\nA second paragraph.', $2 FROM pages WHERE slug = $1 RETURNING id`,
    [slug, b.id],
  );
  const [{ id: replyId }] = await db.query<{ id: number }>('INSERT INTO replies (thread_id, author_id, parent_reply_id, body) VALUES ($1, $2, NULL, $3) RETURNING id', [
    threadId,
    b.id,
    '> An older quote.\n\nStaffing is not the *whole* story.\nTraining matters too.\n\nAnd rotas.',
  ]);
  return { threadId, replyId, aToken };
}

async function signedIn(browser: Browser, token: string, javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', javaScriptEnabled });
  await context.addCookies([sessionCookie(token)]);
  return { context, page: await context.newPage() };
}

const quoteButton = (page: Page, postName: RegExp) => page.getByRole('button', { name: postName });

test.describe('quoting a post in a reply', () => {
  test('by keyboard: the first paragraph goes into the reply box as a block quote, and the posted reply shows it', async ({ browser, db, playwright }) => {
    const t = await discussion(db, playwright);
    const { context, page } = await signedIn(browser, t.aToken, true);
    await page.goto(`/threads/${t.threadId}`);
    await waitForHydration(page);

    const button = quoteButton(page, /^Quote in your reply \(from Bo Speaker’s reply of /);
    await tabTo(page, button, { max: 60 });
    await page.keyboard.press('Enter');

    const box = postTextBox(page.locator(`#reply-${t.replyId}`), /^Your reply to Bo Speaker’s reply of /);
    await expect(box).toBeFocused();
    await expect(box).toHaveValue('> Staffing is not the whole story. Training matters too.\n\n');
    await expect(page.getByRole('status').filter({ hasText: 'Quote added to your reply' })).toHaveCount(1);
    await expectNoAxeViolations(page, 'a reply form with a quote in it');

    // The caret is after the quote: what is typed follows it.
    await page.keyboard.type('Agreed, and training needs time.');
    await expect(box).toHaveValue('> Staffing is not the whole story. Training matters too.\n\nAgreed, and training needs time.');
    await tabTo(page, page.locator(`#reply-${t.replyId}`).getByRole('button', { name: 'Post reply' }));
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL(/#reply-\d+$/);
    const posted = page.locator(`#reply-${/#reply-(\d+)$/.exec(page.url())![1]}`);
    await expect(posted.locator('.prose blockquote')).toHaveText('Staffing is not the whole story. Training matters too.');
    await expect(posted.locator('.prose > p')).toHaveText('Agreed, and training needs time.');
    // What it answers is still the first sentence of B's own words, not the quote B's reply holds.
    await expect(posted.locator('.post__in-reply-to')).toContainText('“Staffing is not the whole story.”');
    await context.close();
  });

  test('words selected inside the opening post are what is quoted, in the reply to the thread', async ({ browser, db, playwright }) => {
    const t = await discussion(db, playwright);
    const { context, page } = await signedIn(browser, t.aToken, true);
    await page.goto(`/threads/${t.threadId}`);
    await waitForHydration(page);
    // Select "too long for one nurse" in the opening post's first paragraph.
    await page.locator('#opening-post-text p').first().evaluate((paragraph) => {
      const text = paragraph.firstChild!;
      const start = text.textContent!.indexOf('too long');
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + 'too long for one nurse'.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await page.getByRole('button', { name: /^Quote in your reply \(from Bo Speaker’s opening post of / }).focus();
    await page.keyboard.press('Enter');
    const box = postTextBox(page.locator('#reply-form'), /^Your reply to /);
    await expect(box).toBeFocused();
    await expect(box).toHaveValue('> too long for one nurse\n\n');
    await context.close();
  });

  test('without scripts, "Quote in your reply" is a link whose reply box comes filled from the server', async ({ browser, db, playwright }) => {
    const t = await discussion(db, playwright);
    const { context, page } = await signedIn(browser, t.aToken, false);
    await page.goto(`/threads/${t.threadId}`);
    await page.getByRole('link', { name: /^Quote in your reply \(from Bo Speaker’s reply of / }).click();
    await expect(page).toHaveURL(new RegExp(`\\?quote=${t.replyId}#reply-body-${t.replyId}$`));
    const box = postTextBox(page.locator(`#reply-${t.replyId}`), /^Your reply to Bo Speaker’s reply of /);
    await expect(box).toHaveValue('> Staffing is not the whole story. Training matters too.\n\n');
    await box.press('Control+End');
    await box.pressSequentially('Agreed.');
    await page.locator(`#reply-${t.replyId}`).getByRole('button', { name: 'Post reply' }).click();
    await expect(page).toHaveURL(/#reply-\d+$/);
    const posted = page.locator(`#reply-${/#reply-(\d+)$/.exec(page.url())![1]}`);
    await expect(posted.locator('.prose blockquote')).toHaveText('Staffing is not the whole story. Training matters too.');

    // The opening post's link fills the reply to the thread; axe, on the same page with its scripts blocked.
    const address = `/threads/${t.threadId}?quote=opening`;
    await page.goto(address);
    await expect(postTextBox(page.locator('#reply-form'), /^Your reply to /)).toHaveValue('> The night rota is too long for one nurse.\n\n');
    const scan = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB' });
    await scan.addCookies([sessionCookie(t.aToken)]);
    const blocked = await scan.newPage();
    const record = await blockScripts(blocked);
    await blocked.goto(address);
    expect(record.blocked.length).toBeGreaterThan(0);
    await expectNoAxeViolations(blocked, 'a reply to the thread filled with a quote, without scripts');
    await scan.close();
    await context.close();
  });
});
