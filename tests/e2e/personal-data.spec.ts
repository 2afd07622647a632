import { readFileSync } from 'node:fs';
import { accountNav, errorSummary, expect, signInWithCookie, tabTo, test, uniqueUsername, waitForHydration } from './support/accounts';
import { blockScripts, expectNoAxeViolations, THREAD_WITH_REPLY } from './support/site';

/*
 * UK GDPR rights of access and erasure, as a person uses them: from their account pages, download
 * everything about them as JSON, then delete the account with their password. Their reply stays,
 * by "a former participant"; their profile is gone; they are signed out. With and without scripts.
 */
for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('download your data, then delete your account: your reply stays by "a former participant"', async ({ page, db }) => {
      test.setTimeout(90_000);
      const record = scripts ? null : await blockScripts(page);
      const person = await db.createPerson({ name: uniqueUsername(scripts ? 'leaver' : 'leaver-nojs'), displayName: 'Lee Leaver' });
      const [thread] = await db.query<{ id: number }>('SELECT id FROM threads WHERE subject = $1', [THREAD_WITH_REPLY]);
      const words = `Words Lee leaves behind ${person.username}`;
      await db.query('INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, $3)', [thread.id, person.id, words]);
      await signInWithCookie(page.context(), await db.startSession(person.id));
      const settle = async () => {
        if (scripts) await waitForHydration(page);
      };

      await test.step('from "Change password", follow the link to your data', async () => {
        await page.goto('/account/password');
        await settle();
        await page.getByRole('link', { name: 'Your data: download it, or delete your account' }).click();
        await expect(page).toHaveURL(/\/account\/data$/);
        await settle();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data');
        await expectNoAxeViolations(page, 'the "Your data" page');
      });

      await test.step('download it: one JSON file with your account and what you wrote', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download your data (JSON)' }).click()]);
        expect(download.suggestedFilename()).toMatch(new RegExp(`^commonplace-${person.username}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
        const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
        expect(data.account).toMatchObject({ username: person.username, displayName: 'Lee Leaver', hasPassword: true });
        expect(data.replies).toEqual([expect.objectContaining({ body: words, threadId: thread.id })]);
      });

      await test.step('"Delete your account" warns, and asks for your password', async () => {
        await page.getByRole('link', { name: 'Delete your account' }).click();
        await expect(page).toHaveURL(/\/account\/delete$/);
        await settle();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account');
        await expect(page.getByText('This cannot be undone.')).toBeVisible();
        await expect(page.getByText('shown as written by “a former participant”')).toBeVisible();
        await expectNoAxeViolations(page, 'the delete-account page');
      });

      await test.step('without a password, or with a wrong one, nothing happens and the field says why', async () => {
        await page.getByRole('button', { name: 'Delete my account' }).click();
        await expect(errorSummary(page).getByRole('link', { name: 'Enter your password to confirm' })).toBeVisible();
        await expect(page).toHaveTitle(/^Error: Delete your account/);
        await expectNoAxeViolations(page, 'the delete-account page with an error');
        await page.getByLabel('Your password').fill('not my password at all');
        await page.getByRole('button', { name: 'Delete my account' }).click();
        await expect(errorSummary(page).getByRole('link', { name: 'Your password is not right' })).toBeVisible();
        await expect(page.getByLabel('Your password')).toHaveAccessibleDescription(/Your password is not right/);
        expect(await db.sessionCount(person.id)).toBe(1);
      });

      await test.step('from the keyboard, with your password, the account is deleted and you are signed out', async () => {
        await tabTo(page, page.getByLabel('Your password'), { max: 40 });
        await expect(page.getByLabel('Your password')).toHaveValue('');
        await page.keyboard.type(person.password);
        await page.keyboard.press('Enter');
        await expect(page).toHaveURL(/\/account\/deleted$/);
        await settle();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account has been deleted');
        await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
        await expectNoAxeViolations(page, 'the account-deleted page');
        expect(await db.sessionCount(person.id)).toBe(0);
        expect(await db.account(person.username)).toBeNull();
      });

      await test.step('the reply stays, by "a former participant", with no link to a profile; the profile is gone', async () => {
        await page.goto(`/threads/${thread.id}`);
        await settle();
        const reply = page.getByRole('article').filter({ hasText: words });
        await expect(reply).toContainText('a former participant');
        await expect(reply.getByRole('link', { name: 'a former participant' })).toHaveCount(0);
        await expect(page.getByText('Lee Leaver')).toHaveCount(0);
        const profile = await page.goto(`/users/${person.username}`);
        expect(profile!.status()).toBe(404);
      });

      if (record) expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}

test('signed out, the data pages send you to sign in', async ({ page }) => {
  for (const path of ['/account/data', '/account/data.json', '/account/delete']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
  }
});
