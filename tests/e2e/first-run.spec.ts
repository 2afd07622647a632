import { createHash, randomBytes } from 'node:crypto';
import { accountNav, errorSummary, expect, uniqueUsername, waitForHydration, type TestDatabase } from './support/accounts';
import { mailTest as test } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * The first-run set-up page in a browser, with and without JavaScript (tests/process/first-run.spec.ts
 * takes the address from a fresh server's log; here the page's states are checked with axe). On a
 * server of this spec's own (support/mail.ts): its administrators are made moderators for the test,
 * so the site has none, and a set-up token is stored as a starting server stores its own.
 */

let db: TestDatabase | null = null;
test.afterAll(async () => {
  await db?.pool.end();
  db = null;
});

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('the set-up address → the first administrator, the site’s name and mode → the address is gone', async ({ page, mailSite }) => {
      test.setTimeout(120_000);
      db ??= mailSiteDatabase();
      const demoted = (await db.query<{ id: number }>(`UPDATE users SET role = 'moderator' WHERE role = 'admin' RETURNING id`)).map((row) => row.id);
      const token = randomBytes(32).toString('base64url');
      await db.query('INSERT INTO setup_tokens (token_hash) VALUES ($1)', [createHash('sha256').update(token).digest('hex')]);
      const username = uniqueUsername('first');
      try {
        const record = scripts ? null : await blockScripts(page);
        const go = async (where: string) => {
          const response = await page.goto(`${mailSite.baseURL}${where}`);
          if (scripts) await waitForHydration(page);
          return response;
        };

        await test.step('the page asks for the site’s name and mode, and the first administrator', async () => {
          await go(`/setup?token=${token}`);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up this site');
          await expect(page.getByRole('textbox', { name: 'Site name' })).toHaveValue('Commonplace');
          await expect(page.getByRole('radio', { name: 'Public' })).toBeChecked();
          await expectNoAxeViolations(page, 'the set-up page');
        });

        await test.step('mistakes are named at their fields', async () => {
          await page.getByRole('textbox', { name: 'Site name' }).fill('');
          await page.getByRole('textbox', { name: 'Username' }).fill(username);
          await page.getByLabel('Password').fill('short');
          await page.getByRole('button', { name: 'Set up the site' }).click();
          await expect(errorSummary(page)).toContainText('Enter the site’s name');
          await expect(errorSummary(page)).toContainText('Password must be 10 characters or more');
          await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue(username);
          await expect(page).toHaveTitle(/^Error: Set up this site/);
          await expectNoAxeViolations(page, 'the set-up page with errors');
        });

        await test.step('done: signed in as the administrator, on "Invite people"', async () => {
          await page.getByRole('textbox', { name: 'Site name' }).fill('Ward 7 wiki');
          await page.getByRole('radio', { name: 'Private' }).check();
          await page.getByLabel('Password').fill('harbour quill maple tundra');
          await page.getByRole('button', { name: 'Set up the site' }).click();
          await expect(page).toHaveURL(/\/admin\/invitations$/);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invite people');
          await expect(accountNav(page)).toContainText(`Signed in as ${username}`);
          await expect(page.getByRole('banner').getByRole('link', { name: 'Ward 7 wiki' })).toBeVisible();
          expect(await db!.query('SELECT role FROM users WHERE username = $1', [username])).toEqual([{ role: 'admin' }]);
        });

        await test.step('the set-up address is gone', async () => {
          const response = await go(`/setup?token=${token}`);
          expect(response?.status()).toBe(404);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
        });
        if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
      } finally {
        await db.query('UPDATE users SET role = $2 WHERE id = ANY($1)', [demoted, 'admin']);
        await db.query('DELETE FROM setup_tokens');
        await db.query('UPDATE site_settings SET private = false, name = $1', ['Commonplace']);
      }
    });
  });
}
