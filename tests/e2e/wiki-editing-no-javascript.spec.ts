import { errorSummary, expect, signInWithCookie, tabTo, test } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';
import { aboutThisPage, pageText, skipToMain, uniqueTitle } from './support/wiki';

/*
 * The wiki editing journey with every script file blocked, from the keyboard alone: every form is
 * a plain HTML form post answered with a whole page, and "Preview" asks the server.
 * (Signing in is by session cookie here: the sign-in form's rate limit is shared by the whole
 * suite, and wiki-editing.spec.ts signs in with the form by keyboard.)
 */
test.describe('with JavaScript files blocked, from the keyboard', () => {
  let record: { blocked: string[] };

  test.beforeEach(async ({ page }) => {
    record = await blockScripts(page);
  });

  test.afterEach(async () => {
    expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('create a page (after a server preview), edit it, compare two revisions and revert to the first', async ({ page, db }) => {
    test.setTimeout(60_000);
    const person = await db.createPerson({ name: 'nojs-editor', displayName: 'Nell No-Script' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    const title = uniqueTitle('No script walk');
    const firstText = 'A **bold** start.\n\nA second paragraph.';
    const added = 'three more words';
    const main = page.getByRole('main');
    /** Every answer here is a whole page from the server: wait for the next one to load. */
    const nextPage = (url: RegExp) => page.waitForURL(url, { waitUntil: 'load' });

    await test.step('an empty title is refused, with the text kept', async () => {
      await page.goto('/pages/new');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a page');
      await expect(page.getByRole('toolbar'), 'no toolbar without JavaScript').toHaveCount(0);
      await skipToMain(page);
      await tabTo(page, pageText(page), { max: 4 });
      await page.keyboard.type(firstText);
      await tabTo(page, page.getByRole('button', { name: 'Create page' }), { max: 4 });
      const answer = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await answer).status()).toBe(400);
      await page.waitForLoadState('load');
      await expect(page).toHaveTitle('Error: Create a page – Commonplace');
      await expect(errorSummary(page).getByRole('link')).toHaveText(['Enter a title for the page']);
      await expect(page.getByRole('textbox', { name: 'Title' })).toHaveAccessibleDescription('The page’s address is made from its title. Error: Enter a title for the page');
      await expect(pageText(page)).toHaveValue(firstText);
      await expectNoAxeViolations(page, '/pages/new with a problem, without JavaScript');
    });

    await test.step('"Preview" asks the server and shows the rendered text; then "Create page"', async () => {
      // The summary leads to the title field.
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await expect(errorSummary(page).getByRole('link', { name: 'Enter a title for the page' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('textbox', { name: 'Title' })).toBeFocused();
      await page.keyboard.type(title);
      await tabTo(page, page.getByRole('button', { name: 'Preview' }), { max: 8 });
      const answer = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await answer).status()).toBe(200);
      await page.waitForLoadState('load');
      const preview = page.getByRole('region', { name: 'Preview' });
      await expect(preview.getByRole('strong')).toHaveText('bold');
      await expect(preview).toContainText('A second paragraph.');
      await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue(title);
      await expect(pageText(page)).toHaveValue(firstText);
      await expect(errorSummary(page)).toHaveCount(0);
      await expectNoAxeViolations(page, '/pages/new with the server preview');
      await skipToMain(page);
      await tabTo(page, page.getByRole('button', { name: 'Create page' }), { max: 8 });
      await page.keyboard.press('Enter');
      await nextPage(/\/wiki\/[^/?]+\?updated=created$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.getByRole('alert').filter({ hasText: 'The page has been created.' })).toBeVisible();
      await expect(main.getByRole('strong')).toHaveText('bold');
    });

    await test.step('edit it: add words, say why, save', async () => {
      await skipToMain(page);
      await tabTo(page, page.getByRole('link', { name: 'Edit this page' }), { max: 3 });
      await page.keyboard.press('Enter');
      await nextPage(/\/edit$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Editing ${title}`);
      await skipToMain(page);
      await tabTo(page, pageText(page), { max: 3 });
      await page.keyboard.press('Control+End');
      await page.keyboard.type(` ${added}`);
      await tabTo(page, page.getByRole('textbox', { name: 'About this update (optional)' }), { max: 3 });
      await page.keyboard.type('Three more');
      await page.keyboard.press('Enter');
      await nextPage(/\?updated=saved$/);
      await expect(page.getByRole('alert').filter({ hasText: 'Your changes have been saved.' })).toBeVisible();
      await expect(main).toContainText(`A second paragraph. ${added}`);
      await expect(aboutThisPage(page)).toContainText(`Latest page update: made by ${person.displayName}`);
      await expect(aboutThisPage(page)).toContainText('(about this update: Three more) — 3 words added — view changes — complete history');
    });

    await test.step('"complete history": choose two revisions with the arrow keys and compare them', async () => {
      await skipToMain(page);
      await tabTo(page, aboutThisPage(page).getByRole('link', { name: 'complete history' }), { max: 10 });
      await page.keyboard.press('Enter');
      await nextPage(/\/history$/);
      const toNewest = page.getByRole('radio', { name: /^Compare to .* \(3 words added\)$/ });
      const toFirst = page.getByRole('radio', { name: /^Compare to .* \(page created — \d+ words added\)$/ });
      const fromFirst = page.getByRole('radio', { name: /^Compare from .* \(page created — \d+ words added\)$/ });
      await expect(toNewest).toBeChecked();
      await expect(fromFirst).toBeChecked();
      await skipToMain(page);
      await tabTo(page, toNewest, { max: 5 });
      await page.keyboard.press('ArrowDown');
      await expect(toFirst).toBeChecked();
      await page.keyboard.press('ArrowUp');
      await expect(toNewest).toBeChecked();
      await tabTo(page, page.getByRole('button', { name: 'Compare selected revisions' }), { max: 10 });
      await page.keyboard.press('Enter');
      await nextPage(/\/compare\?(from|to)=\d+&(from|to)=\d+$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Changes to ${title}`);
      const insertion = page.getByRole('region', { name: 'The changes, in one text' }).getByRole('insertion');
      await expect(insertion).toHaveText(new RegExp(`^\\[added:\\s*${added}\\]$`));
      await expectNoAxeViolations(page, 'the comparison without JavaScript');
    });

    await test.step('side by side, then the older revision, and revert to it', async () => {
      await skipToMain(page);
      await tabTo(page, page.getByRole('link', { name: 'Side by side' }), { max: 10 });
      await page.keyboard.press('Enter');
      await nextPage(/view=side-by-side$/);
      await expect(page.getByRole('region', { name: 'Newer revision' }).getByRole('insertion')).toHaveText(new RegExp(`^\\[added:\\s*${added}\\]$`));
      await expect(page.getByRole('region', { name: 'Older revision' }).getByRole('insertion')).toHaveCount(0);
      const older = page.locator('.summary-list__row').filter({ has: page.getByText('Older revision', { exact: true }) });
      await skipToMain(page);
      await tabTo(page, older.getByRole('link').first(), { max: 5 });
      await page.keyboard.press('Enter');
      await nextPage(/\/revisions\/\d+$/);
      await expect(page.getByRole('heading', { level: 2, name: 'This is an old revision' })).toBeVisible();
      await skipToMain(page);
      await tabTo(page, page.getByRole('button', { name: 'Revert to this revision' }), { max: 12 });
      await page.keyboard.press('Space');
      await nextPage(/\?updated=reverted$/);
      await expect(page.getByRole('alert').filter({ hasText: 'The page has been reverted.' })).toBeVisible();
      await expect(main.locator('.prose')).toContainText('A second paragraph.');
      await expect(main.locator('.prose')).not.toContainText(added);
      await expect(aboutThisPage(page)).toContainText('reverted to an earlier revision — 0 words added, 3 removed');
    });
  });
});
