import { accountNav, errorSummary, expect, PASSWORD, tabTo, test, uniqueUsername } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * The account journeys with every script file blocked, from the keyboard alone: each form must
 * work as a plain HTML form post, and each answer must be a whole page from the server.
 */
test.describe('with JavaScript files blocked, from the keyboard', () => {
  let record: { blocked: string[] };

  test.beforeEach(async ({ page }) => {
    record = await blockScripts(page);
  });

  test.afterEach(async () => {
    expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('create an account, sign out, sign in again, and change the password after getting it wrong once', async ({ page, db }) => {
    test.setTimeout(60_000);
    const username = uniqueUsername('nojs');
    const displayName = 'Noor No-Script';
    const newPassword = 'granite pelican lamp oboe';
    const nav = accountNav(page);
    /** Every answer here is a whole page from the server: wait for the next one to load. */
    const nextPage = (url: RegExp) => page.waitForURL(url, { waitUntil: 'load' });

    await test.step('Tab from the top of the page to "Create an account", and follow it', async () => {
      await page.goto('/');
      const stops = await tabTo(page, nav.getByRole('link', { name: 'Create an account' }), { max: 15 });
      expect(stops).toEqual(['Skip to main content', 'Commonplace', 'Home', 'Emerging issues', 'Areas', 'Reading list', 'Recent changes', 'Tags', 'New page', 'Search Commonplace', 'Search', 'Sign in', 'Create an account']);
      await page.keyboard.press('Enter');
      await nextPage(/\/register$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');
    });

    await test.step('skip to the form, fill it in and send it with Enter', async () => {
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('main')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('textbox', { name: 'Username' })).toBeFocused();
      await page.keyboard.type(username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(displayName);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await nextPage(new RegExp(`/users/${username}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(displayName);
      await expect(nav.getByRole('link', { name: `Signed in as ${displayName}` })).toBeVisible();
      expect(await db.account(username)).toMatchObject({ username, displayName, role: 'participant' });
    });

    await test.step('sign out with the header button, pressed with Space', async () => {
      await tabTo(page, nav.getByRole('button', { name: 'Sign out' }), { max: 17 });
      await page.keyboard.press('Space');
      await nextPage(/\/$/);
      await expect(nav.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
      await expect(nav.getByRole('link', { name: /^Signed in as/ })).toHaveCount(0);
    });

    await test.step('sign in again with the form', async () => {
      await tabTo(page, nav.getByRole('link', { name: 'Sign in', exact: true }), { max: 17 });
      await page.keyboard.press('Enter');
      await nextPage(/\/sign-in$/);
      await tabTo(page, page.getByRole('textbox', { name: 'Username' }), { max: 17 });
      await page.keyboard.type(username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await nextPage(new RegExp(`/users/${username}$`));
      await expect(nav.getByRole('link', { name: `Signed in as ${displayName}` })).toBeVisible();
    });

    const current = page.getByLabel('Current password', { exact: true });
    const fresh = page.getByLabel('New password', { exact: true });

    await test.step('a wrong current password: an "Error:" page whose summary leads to the field', async () => {
      await tabTo(page, nav.getByRole('link', { name: 'Change password' }), { max: 17 });
      await page.keyboard.press('Enter');
      await nextPage(/\/account\/password$/);
      await tabTo(page, current, { max: 17 });
      await page.keyboard.type('not my password at all');
      await page.keyboard.press('Tab');
      await expect(fresh).toBeFocused();
      await page.keyboard.type(newPassword);
      const answer = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await answer).status(), 'a form with problems is answered 400').toBe(400);
      await page.waitForLoadState('load');

      await expect(page).toHaveTitle('Error: Change your password – Commonplace');
      const summary = errorSummary(page);
      await expect(summary).toBeVisible();
      const link = summary.getByRole('link', { name: 'Your current password is not right' });
      await expect(summary.getByRole('link')).toHaveCount(1);
      await expect(current).toHaveAttribute('aria-invalid', 'true');
      await expect(current).toHaveAccessibleDescription('Error: Your current password is not right');
      await expect(fresh).not.toHaveAttribute('aria-invalid', 'true');
      await expect(current).toHaveValue('');
      await expect(fresh).toHaveValue('');
      expect(await db.passwordIs(username, PASSWORD), 'the password is unchanged').toBe(true);
      await expectNoAxeViolations(page, 'the change password error page without JavaScript');

      // The summary is the first thing in the main content: skip link, then Tab, reaches its link.
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await expect(link).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(current).toBeFocused();
    });

    await test.step('the right current password: the change is confirmed', async () => {
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Tab');
      await expect(fresh).toBeFocused();
      await page.keyboard.type(newPassword);
      await page.keyboard.press('Enter');
      await nextPage(/\/account\/password\?changed=1$/);
      await expect(page).toHaveTitle('Change your password – Commonplace');
      await expect(page.getByRole('alert').filter({ hasText: 'Your password has been changed.' })).toBeVisible();
      await expect(errorSummary(page)).toHaveCount(0);
      expect(await db.passwordIs(username, newPassword), 'the new password is stored').toBe(true);
      await expect(nav.getByRole('link', { name: `Signed in as ${displayName}` }), 'this session stays signed in').toBeVisible();
    });
  });
});
