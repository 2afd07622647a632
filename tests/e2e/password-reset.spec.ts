import { test as base, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { accountNav, errorSummary, expect, waitForHydration } from './support/accounts';
import { mailTest as test, mailWithSubject, personWithEmail, type MailSite } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Forgot password → email → link → new password → signed in, every other session gone, with and
 * without JavaScript. Mail goes through nodemailer to a real SMTP server (the `smtp-server`
 * package) that this spec starts, and a server of this spec's own has SMTP_URL pointing at it (see
 * support/mail.ts); the suite's server has no SMTP_URL, which the last test uses.
 */

const NEW_PASSWORD = 'harbour quill maple tundra';

async function linkMailedTo(site: MailSite, email: string): Promise<string> {
  const message = await mailWithSubject(site, email, 'Commonplace: reset your password');
  return /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(message.text)![1];
}

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('forgot password → email → link → new password → signed in, the old session gone', async ({ page, mailSite, playwright }) => {
      test.setTimeout(90_000);
      const record = scripts ? null : await blockScripts(page);
      const person = await personWithEmail(playwright, mailSite, { confirm: true });
      const go = async (where: string) => {
        await page.goto(where.startsWith('http') ? where : `${mailSite.baseURL}${where}`);
        if (scripts) await waitForHydration(page);
      };

      await test.step('"Forgot your password?" on the sign-in page', async () => {
        await go('/sign-in');
        await page.getByRole('link', { name: 'Forgot your password?' }).click();
        await expect(page).toHaveURL(/\/forgot-password$/);
        if (scripts) await waitForHydration(page);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
        await expectNoAxeViolations(page, 'the forgot-password page');
      });

      await test.step('sending nothing asks for a name, at the field and in the summary', async () => {
        await page.getByRole('button', { name: 'Send me a link' }).click();
        await expect(errorSummary(page)).toContainText('Enter your username or email address');
        await expect(page.getByRole('textbox', { name: 'Username or email address' })).toHaveAccessibleDescription(/Enter your username or email address/);
        await expect(page).toHaveTitle(/^Error: Reset your password/);
        await expectNoAxeViolations(page, 'the forgot-password page with an error');
      });

      await test.step('the email address gets the same answer as a name nobody has', async () => {
        await page.getByRole('textbox', { name: 'Username or email address' }).fill('nobody-has-this-name');
        await page.getByRole('button', { name: 'Send me a link' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
        const answerForNobody = await page.locator('main').innerText();
        await go('/forgot-password');
        await page.getByRole('textbox', { name: 'Username or email address' }).fill(person.email);
        await page.getByRole('button', { name: 'Send me a link' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
        await expect(page.getByText('If an account matches what you typed, we have sent a link to its email address.')).toBeVisible();
        expect(await page.locator('main').innerText()).toBe(answerForNobody);
        await expectNoAxeViolations(page, 'the "check your email" page');
      });

      const link = await linkMailedTo(mailSite, person.email);

      await test.step('the link asks for a new password, with the usual rules', async () => {
        await go(link);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
        await expectNoAxeViolations(page, 'the new-password page');
        await page.getByLabel('New password').fill('short');
        await page.getByRole('button', { name: 'Set password and sign in' }).click();
        await expect(errorSummary(page)).toContainText('Password must be 10 characters or more');
        await expect(page).toHaveTitle(/^Error: Choose a new password/);
        await expectNoAxeViolations(page, 'the new-password page with an error');
      });

      await test.step('a good password signs in here, and the session elsewhere is over', async () => {
        await page.getByLabel('New password').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Set password and sign in' }).click();
        await expect(page).toHaveURL(/\/account\/password\?changed=1$/);
        await expect(page.getByText('Your password has been changed.')).toBeVisible();
        await expect(page.getByRole('navigation', { name: 'Account' })).toContainText(`Test ${person.username}`);
        expect(await person.viewerThere()).toBeNull();
      });

      await test.step('the link works once; an altered one says it is not right', async () => {
        await go(link);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link cannot be used');
        await expect(page.getByText('This password reset link has already been used.')).toBeVisible();
        await expectNoAxeViolations(page, 'a used reset link');
        await go(link.replace(/token=(.)/, (_, first: string) => `token=${first === 'A' ? 'B' : 'A'}`));
        await expect(page.getByText('This password reset link is not right')).toBeVisible();
        await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
      });

      await person.close();
      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('a reset link for an account with two-step sign-in leads, after the new password, to the code step; the code signs in', async ({ page, mailSite, playwright }) => {
      test.setTimeout(90_000);
      const db = mailSiteDatabase();
      const record = scripts ? null : await blockScripts(page);
      try {
        const person = await personWithEmail(playwright, mailSite, { confirm: true });
        const secret = new Secret({ size: 20 });
        const [{ id }] = await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [person.username]);
        await db.query(`INSERT INTO two_step_secrets (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [id, `plain:${secret.base32}`]);
        await db.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [id]);
        const arrived = async (url: RegExp) => {
          await page.waitForURL(url, { waitUntil: 'load' });
          if (scripts) await waitForHydration(page);
        };

        await page.goto(`${mailSite.baseURL}/forgot-password`);
        await arrived(/\/forgot-password$/);
        await page.getByRole('textbox', { name: 'Username or email address' }).fill(person.username);
        await page.getByRole('button', { name: 'Send me a link' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
        await page.goto(await linkMailedTo(mailSite, person.email));
        await arrived(/\/reset-password\?token=/);
        await page.getByLabel('New password').fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Set password and sign in' }).click();

        // The link proves the mailbox, not the phone: not signed in yet, asked for the code.
        await arrived(/\/sign-in\/code\?returnTo=%2Faccount%2Fpassword%3Fchanged%3D1$/);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your sign-in code');
        await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
        await expectNoAxeViolations(page, 'the sign-in code page after a password reset');
        expect(await person.viewerThere()).toBeNull();
        await page.getByRole('textbox', { name: 'Code' }).fill(new TOTP({ secret }).generate());
        await page.getByRole('button', { name: 'Continue' }).click();
        await arrived(/\/account\/password\?changed=1$/);
        await expect(page.getByText('Your password has been changed.')).toBeVisible();
        await expect(accountNav(page)).toContainText(`Test ${person.username}`);
        await person.close();
        if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
      } finally {
        await db.pool.end();
      }
    });
  });
}

async function expectUnavailable(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  await expect(page.getByText('Resetting a password by email is not available on this site.')).toBeVisible();
  await expect(page.getByText(/Ask an administrator of this site to set a new password for you/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send me a link' })).toHaveCount(0);
}

base('without SMTP_URL (the suite’s server), the page says reset by email is not available and whom to ask', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expectUnavailable(page);
  await expectNoAxeViolations(page, 'the forgot-password page without email');
});
