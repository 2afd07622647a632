import type { BrowserContext, Page, Request, Response } from '@playwright/test';
import { errorSummary, expect, PASSWORD, signInWithCookie, tabTo, test, waitForHydration } from './support/accounts';
import { expectNoAxeViolations, expectNoHorizontalScrolling } from './support/site';
import { aboutThisPage, createPage, pageText, savePage, skipToMain, uniqueTitle } from './support/wiki';

/*
 * Editing the wiki with JavaScript on (issue 4): creating, editing, history, comparing and
 * reverting from the keyboard alone; the editor's preview, toolbar and drafts; links to pages that
 * do not exist yet; two people editing at once; bad input; and axe on every editing page.
 * wiki-editing-no-javascript.spec.ts does the journey again with scripts blocked.
 */

/** The form's own post, not a draft being saved on the server while the person types (to /drafts). */
function isFormPost(response: Response): boolean {
  return response.request().method() === 'POST' && !new URL(response.url()).pathname.startsWith('/drafts');
}

/** Opens a path, checks the status, and waits until the page is interactive. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
  await waitForHydration(page);
}

test.describe('with only the keyboard (JavaScript on)', () => {
  test('sign in, create a page, edit it, compare two revisions and revert to the first', async ({ page, db }) => {
    test.setTimeout(60_000);
    const person = await db.createPerson({ name: 'kb-editor', displayName: 'Kit Keyboard' });
    const title = uniqueTitle('Keyboard walk');
    const firstText = 'First paragraph of the walk.\n\nSecond paragraph here.';
    const added = 'added words arrive in this edit';
    const body = page.getByRole('main');

    await test.step('"Create a page" asks me to sign in first, and brings me back after', async () => {
      const response = await page.goto('/pages/new');
      expect(response?.status()).toBe(200);
      await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fpages%2Fnew$/);
      await waitForHydration(page);
      await tabTo(page, page.getByRole('textbox', { name: 'Username' }), { max: 20 });
      await page.keyboard.type(person.username);
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/pages\/new$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a page');
      await waitForHydration(page);
    });

    await test.step('fill in the title and the text, and press "Create page"', async () => {
      await tabTo(page, page.getByRole('textbox', { name: 'Title' }), { max: 40 });
      await page.keyboard.type(title);
      // Past the area (left as it is) and the formatting toolbar (one Tab stop) to the text.
      const stops = await tabTo(page, pageText(page), { max: 4 });
      expect(stops).toEqual(['Recommendation area (optional)', 'Bold (Ctrl+B)', 'Page text']);
      await page.keyboard.type(firstText);
      await tabTo(page, page.getByRole('textbox', { name: 'About this update (optional)' }), { max: 3 });
      await page.keyboard.type('A page to walk through');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Create page' })).toBeFocused();
      await page.keyboard.press('Enter');
      const banner = page.getByRole('alert').filter({ hasText: 'The page has been created.' });
      await expect(banner).toBeFocused();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(body).toContainText('Second paragraph here.');
      await expect(aboutThisPage(page)).toContainText(`Latest page update: made by ${person.displayName}`);
      await expect(aboutThisPage(page)).toContainText('page created — 8 words added');
    });

    await test.step('"Edit this page", add a paragraph, say why, and save', async () => {
      const stops = await tabTo(page, page.getByRole('link', { name: 'Edit this page' }), { max: 3 });
      expect(stops).toEqual(['Edit this page']);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Editing ${title}`);
      await waitForHydration(page);
      await skipToMain(page);
      await tabTo(page, pageText(page), { max: 4 });
      await expect(pageText(page)).toHaveValue(firstText);
      await page.keyboard.press('Control+End');
      await page.keyboard.type(`\n\n${added}`);
      await tabTo(page, page.getByRole('textbox', { name: 'About this update (optional)' }), { max: 3 });
      await page.keyboard.type('Adding a third paragraph');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Save page' })).toBeFocused();
      await page.keyboard.press('Space');
      await expect(page.getByRole('alert').filter({ hasText: 'Your changes have been saved.' })).toBeFocused();
      await expect(body).toContainText(added);
      const about = aboutThisPage(page);
      await expect(about).toContainText(`Latest page update: made by ${person.displayName}`);
      await expect(about).toContainText('(about this update: Adding a third paragraph) — 6 words added — view changes — complete history');
    });

    await test.step('open "complete history" and choose two revisions with the arrow keys', async () => {
      await tabTo(page, aboutThisPage(page).getByRole('link', { name: 'complete history' }), { max: 10 });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`History of ${title}`);
      await expect(page).toHaveTitle(`History of ${title} – Commonplace`);
      const table = page.getByRole('table', { name: new RegExp(`Changes to ${title}`) });
      await expect(table.getByRole('row')).toHaveCount(3);
      const toNewest = page.getByRole('radio', { name: /^Compare to the revision of .* by Kit Keyboard \(6 words added\)$/ });
      const toFirst = page.getByRole('radio', { name: /^Compare to the revision of .* by Kit Keyboard \(page created — 8 words added\)$/ });
      const fromFirst = page.getByRole('radio', { name: /^Compare from the revision of .* by Kit Keyboard \(page created — 8 words added\)$/ });
      await expect(toNewest).toBeChecked();
      await expect(fromFirst).toBeChecked();
      // A radio group is one Tab stop; the arrow keys change the choice.
      await skipToMain(page);
      await tabTo(page, toNewest, { max: 5 });
      await page.keyboard.press('ArrowDown');
      await expect(toFirst).toBeChecked();
      await expect(toFirst).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await expect(toNewest).toBeChecked();
      // On past this row's links to the next choice: the older revision, already chosen to compare from.
      await tabTo(page, fromFirst, { max: 4 });
      await tabTo(page, page.getByRole('button', { name: 'Compare selected revisions' }), { max: 6 });
      await page.keyboard.press('Space');
    });

    await test.step('the comparison shows the added words inside <ins>, spoken as "added:"', async () => {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Changes to ${title}`);
      await expect(page.getByText(/: 6 words added, 0 words removed\.$/)).toBeVisible();
      const diff = page.getByRole('region', { name: 'The changes, in one text' });
      const insertion = diff.getByRole('insertion');
      await expect(insertion).toHaveCount(1);
      await expect(insertion).toHaveText(new RegExp(`^\\[added:\\s+${added}\\]$`));
      await expect(insertion.locator('.visually-hidden').first()).toHaveText('[added:');
      await expect(diff.getByRole('deletion')).toHaveCount(0);
    });

    await test.step('open the older revision and revert to it', async () => {
      const older = page.locator('.summary-list__row').filter({ has: page.getByText('Older revision', { exact: true }) });
      await skipToMain(page);
      await tabTo(page, older.getByRole('link').first(), { max: 5 });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: 'This is an old revision' })).toBeVisible();
      await expect(body).not.toContainText(added);
      await waitForHydration(page);
      await skipToMain(page);
      await tabTo(page, page.getByRole('textbox', { name: 'Why are you reverting? (optional)' }), { max: 12 });
      await page.keyboard.type('Back to two paragraphs');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Revert to this revision' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'The page has been reverted.' })).toBeFocused();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(body).toContainText('Second paragraph here.');
      await expect(body.locator('.prose')).not.toContainText(added);
      await expect(aboutThisPage(page)).toContainText('(about this update: Back to two paragraphs) — reverted to an earlier revision — 0 words added, 6 removed');
    });
  });
});

test.describe('the editor with JavaScript', () => {
  let context: BrowserContext;
  let page: Page;
  let slug: string;
  const text = 'A sentence to format.\n\nAnother paragraph.';

  test.beforeAll(async ({ browser, db, playwright }) => {
    const person = await db.createPerson({ name: 'js-editor' });
    const token = await db.startSession(person.id);
    slug = await createPage(playwright, token, uniqueTitle('Editor features'), text);
    context = await browser.newContext();
    await signInWithCookie(context, token);
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test('"Preview" shows the rendered text without asking the server', async () => {
    await open(page, `/wiki/${slug}/edit`);
    await pageText(page).fill('## A heading\n\nSome **strong** words and a [[Emerging issues]] link.');
    const requests: Request[] = [];
    const record = (request: Request) => {
      if (!new URL(request.url()).pathname.startsWith('/socket.io/')) requests.push(request);
    };
    page.on('request', record);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect(preview.getByRole('heading', { level: 2, name: 'Preview' })).toBeFocused();
    await expect(preview.getByRole('heading', { name: 'A heading' })).toBeVisible();
    await expect(preview.getByRole('strong')).toHaveText('strong');
    await expect(preview.getByRole('link', { name: 'Emerging issues' })).toHaveAttribute('href', '/wiki/emerging-issues');
    // Nothing was sent: no post, no data request.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    page.off('request', record);
    expect(requests.map((request) => `${request.method()} ${request.url()}`)).toEqual([]);
    await expect(page).toHaveURL(new RegExp(`/wiki/${slug}/edit$`));
    await expectNoAxeViolations(page, 'the edit page with the preview shown');
  });

  test('"Bold" in the toolbar wraps the selected words in **, and arrow keys move along the toolbar', async () => {
    await open(page, `/wiki/${slug}/edit`);
    const textarea = pageText(page);
    await expect(textarea).toHaveValue(text);
    // Select "sentence".
    await textarea.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(2, 10));
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await toolbar.getByRole('button', { name: 'Bold' }).click();
    await expect(textarea).toHaveValue('A **sentence** to format.\n\nAnother paragraph.');
    await expect(textarea).toBeFocused();
    // The toolbar is one Tab stop: from the text box, Shift+Tab reaches it, the arrows move within.
    await page.keyboard.press('Shift+Tab');
    await expect(toolbar.getByRole('button', { name: 'Bold' })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(toolbar.getByRole('button', { name: 'Italic' })).toBeFocused();
    await page.keyboard.press('End');
    await expect(toolbar.getByRole('button', { name: 'Numbered list' })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(toolbar.getByRole('button', { name: 'Bold' })).toBeFocused();
  });

  test('an unsaved draft is kept on the server through a reload, with a warning on leaving, and offered back', async () => {
    await open(page, `/wiki/${slug}/edit`);
    const textarea = pageText(page);
    await textarea.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Words I have not saved.');
    const draftText = `${text} Words I have not saved.`;
    await expect(textarea).toHaveValue(draftText);
    // Two seconds after typing stops, the draft is saved on the site, and that is said politely.
    await expect(page.getByRole('status').filter({ hasText: /^Draft saved at \d\d:\d\d$/ })).toBeVisible();

    // Reloading with unsaved changes: the browser asks first.
    const dialogs: string[] = [];
    page.once('dialog', async (dialog) => {
      dialogs.push(dialog.type());
      await dialog.accept();
    });
    await page.reload();
    await waitForHydration(page);
    expect(dialogs, 'the browser asked before leaving unsaved changes').toEqual(['beforeunload']);

    await expect(pageText(page)).toHaveValue(text);
    const offer = page.getByRole('region', { name: 'Draft not sent' });
    await expect(offer).toContainText(/You have a draft from \d\d:\d\d/);
    await offer.getByRole('link', { name: 'Restore my draft' }).click();
    await expect(pageText(page)).toHaveValue(draftText);
    await expect(pageText(page)).toBeFocused();
    await expect(page.getByRole('region', { name: 'Draft restored' }).getByRole('status')).toContainText('Your draft from');
    await expect(offer).toHaveCount(0);

    // Leaving by a link in the site asks too; staying keeps the text.
    page.once('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toMatch(/^confirm: You have changes that are not saved/);
    await expect(page).toHaveURL(new RegExp(`/wiki/${slug}/edit\\?draft=restore$`));
    await expect(pageText(page)).toHaveValue(draftText);
  });
});

test.describe('links to pages that do not exist yet', () => {
  test('say so, lead to an offer to create the page, and become ordinary links once it exists', async ({ page, db, playwright }) => {
    const person = await db.createPerson({ name: 'linker' });
    const token = await db.startSession(person.id);
    await signInWithCookie(page.context(), token);
    const suffix = uniqueTitle('x').slice(2);
    const missingTitle = `Missing topic ${suffix}`;
    const fromTitle = uniqueTitle('Linking page');
    const fromSlug = await createPage(playwright, token, fromTitle, `See [[${missingTitle}]] for more.`);

    await open(page, `/wiki/${fromSlug}`);
    const missingLink = page.getByRole('link', { name: `${missingTitle} (page does not exist yet)`, exact: true });
    await expect(missingLink).toBeVisible();
    await expect(missingLink.locator('.visually-hidden')).toHaveText('(page does not exist yet)');

    await missingLink.click();
    await expect(page).toHaveURL(new RegExp(`/wiki/missing-topic-${suffix}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`There is no page called “${missingTitle}” yet`);
    await expect(page).toHaveTitle('Page not found – Commonplace');
    const status = (await page.request.get(`/wiki/missing-topic-${suffix}`)).status();
    expect(status, 'a missing page is still a 404').toBe(404);
    await page.getByRole('link', { name: `Create a page called “${missingTitle}”` }).click();

    await expect(page).toHaveURL(/\/pages\/new\?title=/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a page');
    await waitForHydration(page);
    await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue(missingTitle);
    await pageText(page).fill('The page the link asked for.');
    await page.getByRole('button', { name: 'Create page' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The page has been created.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(missingTitle);
    const backlinks = page.getByRole('region', { name: 'Links to this page' });
    await expect(backlinks.getByRole('link')).toHaveText([fromTitle]);
    await expect(backlinks.getByRole('link', { name: fromTitle })).toHaveAttribute('href', `/wiki/${fromSlug}`);

    await backlinks.getByRole('link', { name: fromTitle }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(fromTitle);
    await expect(page.getByRole('link', { name: missingTitle, exact: true })).toHaveAttribute('href', `/wiki/missing-topic-${suffix}`);
    await expect(page.getByText('(page does not exist yet)')).toHaveCount(0);
  });
});

test.describe('two people editing the same page at once', () => {
  const start = ['The opening paragraph stays as it is.', 'The middle sentence is about lunch.', 'The closing paragraph is short.'];

  /** Two people, each in a browser of their own, signed in. */
  async function twoEditors(browser: import('@playwright/test').Browser, db: import('./support/accounts').TestDatabase) {
    const alice = await db.createPerson({ name: 'alice', displayName: 'Alice Ahead' });
    const bob = await db.createPerson({ name: 'bob', displayName: 'Bob Behind' });
    const aliceToken = await db.startSession(alice.id);
    const bobToken = await db.startSession(bob.id);
    const aliceContext = await browser.newContext();
    const bobContext = await browser.newContext();
    await signInWithCookie(aliceContext, aliceToken);
    await signInWithCookie(bobContext, bobToken);
    return { alice, bob, aliceToken, aliceContext, bobContext, a: await aliceContext.newPage(), b: await bobContext.newPage() };
  }

  test('changing the same sentence: the second saver sees both texts, loses nothing, resolves and saves', async ({ browser, db, playwright }) => {
    test.setTimeout(45_000);
    const { aliceToken, aliceContext, bobContext, a, b } = await twoEditors(browser, db);
    try {
      const title = uniqueTitle('Conflicting lunch');
      const slug = await createPage(playwright, aliceToken, title, start.join('\n\n'));
      const alicesSentence = 'The middle sentence is about a picnic lunch by the river.';
      const bobsSentence = 'The middle sentence is about lunch in the canteen at noon.';

      await open(a, `/wiki/${slug}/edit`);
      await open(b, `/wiki/${slug}/edit`);
      await pageText(a).fill([start[0], alicesSentence, start[2]].join('\n\n'));
      await a.getByRole('textbox', { name: 'About this update (optional)' }).fill('Picnic');
      await a.getByRole('button', { name: 'Save page' }).click();
      await expect(a.getByRole('alert').filter({ hasText: 'Your changes have been saved.' })).toBeVisible();

      await pageText(b).fill([start[0], bobsSentence, start[2]].join('\n\n'));
      const answer = b.waitForResponse(isFormPost);
      await b.getByRole('button', { name: 'Save page' }).click();
      expect((await answer).status(), 'a conflict is answered 409').toBe(409);

      await expect(b.getByRole('heading', { level: 1 })).toHaveText(`Edit conflict: ${title}`);
      await expect(b).toHaveTitle(`Edit conflict: ${title} – Commonplace`);
      const explanation = b.getByRole('alert').filter({ has: b.getByRole('heading', { name: /^Someone else changed/ }) });
      await expect(explanation.getByRole('heading', { level: 2 })).toHaveText('Someone else changed the same part of this page while you were editing');
      await expect(explanation).toContainText('Alice Ahead saved a new version');
      await expect(explanation).toContainText('(about this update: Picnic)');
      await expect(explanation).toContainText('Your text has not been saved yet, and nothing has been lost.');
      await expect(b.getByRole('heading', { level: 3 })).toHaveText(['Conflict 1 of 1']);
      const resolving = await pageText(b).inputValue();
      expect(resolving, 'my words are in the text box').toContain(bobsSentence);
      expect(resolving, 'their words are in the text box').toContain(alicesSentence);
      expect(resolving).toContain('<<<<<<< your text');
      expect(resolving).toContain('>>>>>>> saved meanwhile by someone else');
      expect(resolving).toContain(start[0]);
      expect(resolving).toContain(start[2]);
      await expect(b.getByRole('button', { name: 'Save my resolved text' })).toBeVisible();
      await b.getByText('The whole of both texts').click();
      await expect(b.getByRole('textbox', { name: 'Your text as you sent it (read only)' })).toHaveValue([start[0], bobsSentence, start[2]].join('\n\n'));
      await expect(b.getByRole('textbox', { name: 'The page as Alice Ahead saved it (read only)' })).toHaveValue([start[0], alicesSentence, start[2]].join('\n\n'));
      await expectNoAxeViolations(b, 'the edit conflict page');

      // Leaving now would lose my text: the site asks first.
      const asked: string[] = [];
      b.once('dialog', async (dialog) => {
        asked.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss();
      });
      await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
      await expect.poll(() => asked.length, 'a warning before leaving the unsaved, conflicting text').toBe(1);
      expect(asked[0]).toMatch(/^confirm: You have changes that are not saved/);
      await expect(pageText(b)).toHaveValue(resolving);

      // Saving with the marker lines still in is refused, with the text kept.
      await b.getByRole('button', { name: 'Save my resolved text' }).click();
      await expect(errorSummary(b)).toBeFocused();
      await expect(errorSummary(b).getByRole('link')).toHaveText([/^The text still has conflict marker lines/]);
      await expect(pageText(b)).toHaveValue(resolving);
      await expect(pageText(b)).toHaveAttribute('aria-invalid', 'true');

      const resolved = 'The middle sentence is about a picnic lunch by the river, or in the canteen at noon if it rains.';
      await pageText(b).fill([start[0], resolved, start[2]].join('\n\n'));
      await b.getByRole('button', { name: /^Save (my resolved text|page)$/ }).click();
      await expect(b.getByRole('alert').filter({ hasText: 'Your changes have been saved.' })).toBeVisible();
      await expect(b.getByRole('main')).toContainText(resolved);
      await expect(b.getByRole('main')).not.toContainText('<<<<<<<');
      await expect(aboutThisPage(b)).toContainText('Latest page update: made by Bob Behind');
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });

  test('changing different paragraphs: both changes are kept, and the second saver is told they were merged', async ({ browser, db, playwright }) => {
    const { aliceToken, aliceContext, bobContext, a, b } = await twoEditors(browser, db);
    try {
      const slug = await createPage(playwright, aliceToken, uniqueTitle('Merging paragraphs'), start.join('\n\n'));
      const alicesOpening = 'The opening paragraph now says good morning.';
      const bobsClosing = 'The closing paragraph is short, and now says goodbye.';
      await open(a, `/wiki/${slug}/edit`);
      await open(b, `/wiki/${slug}/edit`);
      await pageText(a).fill([alicesOpening, start[1], start[2]].join('\n\n'));
      await a.getByRole('button', { name: 'Save page' }).click();
      await expect(a.getByRole('alert').filter({ hasText: 'Your changes have been saved.' })).toBeVisible();

      await pageText(b).fill([start[0], start[1], bobsClosing].join('\n\n'));
      await b.getByRole('button', { name: 'Save page' }).click();
      const banner = b.getByRole('alert').filter({ hasText: 'Someone else saved changes to other parts of the page while you were editing; both are kept.' });
      await expect(banner).toBeFocused();
      await expect(b).toHaveURL(new RegExp(`/wiki/${slug}\\?updated=merged$`));
      const prose = b.getByRole('main').locator('.prose');
      await expect(prose).toContainText(alicesOpening);
      await expect(prose).toContainText(bobsClosing);
      await expect(prose).toContainText(start[1]);
      await expect(aboutThisPage(b)).toContainText('merged with edits saved meanwhile');
    } finally {
      await aliceContext.close();
      await bobContext.close();
    }
  });
});

test.describe('bad input when creating a page', () => {
  test('an empty title, a title of only punctuation and a title already taken: each at the field and in the summary, text kept', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'bad-input' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, '/pages/new');
    await expectNoAxeViolations(page, '/pages/new');
    const titleField = page.getByRole('textbox', { name: 'Title' });
    const words = 'Words that must not be lost.\n\nEven on the third try.';
    await pageText(page).fill(words);
    await page.getByRole('textbox', { name: 'About this update (optional)' }).fill('My note');

    const cases: [string, string][] = [
      ['', 'Enter a title for the page'],
      ['?!… — ***', 'The title must contain at least one letter or number'],
      ['Emerging issues', 'There is already a page with this title, or one that was renamed from it. Choose another title'],
    ];
    for (const [title, message] of cases) {
      await titleField.fill(title);
      const answer = page.waitForResponse(isFormPost);
      await page.getByRole('button', { name: 'Create page' }).click();
      expect((await answer).status(), `title "${title}" is answered 400`).toBe(400);
      const summary = errorSummary(page);
      await expect(summary).toBeFocused();
      await expect(page).toHaveTitle('Error: Create a page – Commonplace');
      await expect(summary.getByRole('link')).toHaveText([message]);
      await expect(summary.getByRole('link')).toHaveAttribute('href', '#title');
      await expect(titleField).toHaveAttribute('aria-invalid', 'true');
      await expect(titleField).toHaveAccessibleDescription(`The page’s address is made from its title. Error: ${message}`);
      await expect(titleField).toHaveValue(title);
      await expect(pageText(page)).toHaveValue(words);
      await expect(page.getByRole('textbox', { name: 'About this update (optional)' })).toHaveValue('My note');
      if (title === '') await expectNoAxeViolations(page, '/pages/new with a problem');
      await summary.getByRole('link').click();
      await expect(titleField).toBeFocused();
    }
    const [row] = await db.query<{ count: string }>('SELECT count(*) FROM pages WHERE title = $1', ['Emerging issues']);
    expect(Number(row.count), 'no second "Emerging issues"').toBe(1);
  });
});

test.describe('accessibility of the editing pages', () => {
  let context: BrowserContext;
  let page: Page;
  let slug: string;
  let first: number;
  let second: number;

  test.beforeAll(async ({ browser, db, playwright }) => {
    const person = await db.createPerson({ name: 'axe-editor', displayName: 'Axel Editor' });
    const token = await db.startSession(person.id);
    const title = uniqueTitle('Checked by axe');
    slug = await createPage(playwright, token, title, 'A first paragraph with a [[Emerging issues]] link.\n\n- a list item\n- another item', 'First version');
    await savePage(
      playwright,
      token,
      slug,
      title,
      'A first paragraph, changed, with a [[Emerging issues]] link and a rather long unbrokenwordthatmightnotwrapatallonasmallscreenunlessitisallowedto.\n\n- a list item\n- another item, longer now',
      'Second version',
    );
    const rows = await db.query<{ id: number }>('SELECT r.id FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1 ORDER BY r.id', [slug]);
    [first, second] = rows.map((row) => row.id);
    context = await browser.newContext();
    await signInWithCookie(context, token);
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context?.close();
  });

  // One page per test: six axe scans in one test's 30 s did not fit on a busy 2-core machine.
  test('the edit page has no axe violations', async () => {
    await open(page, `/wiki/${slug}/edit`);
    await expect(page.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();
    await expectNoAxeViolations(page, 'the edit page');
  });

  test('the history page has no axe violations', async () => {
    await open(page, `/wiki/${slug}/history`);
    await expect(page.getByRole('radio')).toHaveCount(4);
    await expectNoAxeViolations(page, 'the history page');
  });

  test('a comparison in one text has no axe violations', async () => {
    await open(page, `/wiki/${slug}/compare?from=${first}&to=${second}&view=inline`);
    await expect(page.getByRole('insertion').first()).toBeVisible();
    await expectNoAxeViolations(page, 'the comparison, in one text');
  });

  test('a comparison side by side has no axe violations', async () => {
    await open(page, `/wiki/${slug}/compare?from=${first}&to=${second}&view=side-by-side`);
    await expect(page.getByRole('heading', { level: 2, name: 'Newer revision' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Side by side' })).toHaveAttribute('aria-current', 'page');
    await expectNoAxeViolations(page, 'the comparison, side by side');
  });

  test('an old revision has no axe violations', async () => {
    await open(page, `/wiki/${slug}/revisions/${first}`);
    await expect(page.getByRole('button', { name: 'Revert to this revision' })).toBeVisible();
    await expectNoAxeViolations(page, 'an old revision');
  });

  test('a missing page has no axe violations', async () => {
    await open(page, '/wiki/a-page-nobody-wrote', 404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no page called “A page nobody wrote” yet');
    await expectNoAxeViolations(page, 'a missing page');
  });

  test('at 320 pixels wide, the edit page, history and comparisons do not scroll sideways', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      for (const path of [
        `/wiki/${slug}/edit`,
        `/wiki/${slug}/history`,
        `/wiki/${slug}/compare?from=${first}&to=${second}&view=inline`,
        `/wiki/${slug}/compare?from=${first}&to=${second}&view=side-by-side`,
      ]) {
        await open(page, path);
        await expectNoHorizontalScrolling(page, `${path} at 320 px`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

test('a suspended person is told they cannot edit, instead of being given a form whose saving would be refused', async ({ browser, db, playwright }) => {
  const author = await db.createPerson({ name: 'author' });
  const slug = await createPage(playwright, await db.startSession(author.id), uniqueTitle('Not for the suspended'), 'Some text.');
  const suspended = await db.createPerson({ name: 'suspended-editor', suspendedReason: 'Testing suspension' });
  const context = await browser.newContext();
  await signInWithCookie(context, await db.startSession(suspended.id));
  const page = await context.newPage();
  await open(page, `/wiki/${slug}/edit`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot edit pages while your account is suspended');
  await expect(page.getByRole('textbox', { name: 'Page text' })).toHaveCount(0);
  await open(page, '/pages/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot create pages while your account is suspended');
  await context.close();
});

test('a comparison address without two revisions says what to do, not that the service failed', async ({ page }) => {
  await open(page, '/wiki/reading-list/compare?from=first&to=', 400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This address is not complete');
  await expect(page.getByText('Choose two revisions to compare from the page’s history.')).toBeVisible();
  await expect(page).toHaveTitle('This address is not complete – Commonplace');
  await expectNoAxeViolations(page, 'an incomplete comparison address');
});

test('a comparison with too many changes to compare word by word says so and shows the changed paragraphs; another page’s revisions are not found', async ({ page, db, playwright }) => {
  const person = await db.createPerson({ name: 'rewriter' });
  const token = await db.startSession(person.id);
  const title = uniqueTitle('Wholly rewritten');
  const words = (prefix: string) => Array.from({ length: 5000 }, (_, i) => `${prefix}${i}`).join(' ');
  const slug = await createPage(playwright, token, title, `Kept paragraph.\n\n${words('old')}`);
  await savePage(playwright, token, slug, title, `Kept paragraph.\n\n${words('new')}`);
  const other = await createPage(playwright, token, uniqueTitle('Unrelated'), 'Other text.');
  const [first, second] = (await db.query<{ id: number }>('SELECT r.id FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1 ORDER BY r.id', [slug])).map((row) => row.id);

  await open(page, `/wiki/${slug}/compare?from=${first}&to=${second}`);
  await expect(page.getByText('Too many changes to compare word by word; showing changed paragraphs.')).toBeVisible();
  await expect(page.getByRole('deletion')).toContainText('old4999');
  await expect(page.getByRole('insertion')).toContainText('new4999');
  await expectNoAxeViolations(page, 'a comparison shown by paragraphs');

  await open(page, `/wiki/${other}/compare?from=${first}&to=${second}`, 404);
});
