import { errorSummary, expect, waitForHydration } from './support/accounts';
import { mailTest as test, mailWithSubject, PASSWORD, personWithEmail } from './support/mail';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Change an email address (with the current password) → confirmation email → link → confirmed,
 * with and without JavaScript, through a real SMTP server and a server of this spec's own (see
 * support/mail.ts).
 */

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('change the email address → confirmation email → link → confirmed', async ({ page, mailSite, playwright }) => {
      test.setTimeout(90_000);
      const record = scripts ? null : await blockScripts(page);
      const person = await personWithEmail(playwright, mailSite, { confirm: false });
      const newEmail = `${person.username}@new.example.test`;
      const { hostname } = new URL(mailSite.baseURL);
      await page.context().addCookies([{ name: 'commonplace_session', value: person.sessionToken, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
      const go = async (where: string) => {
        await page.goto(where.startsWith('http') ? where : `${mailSite.baseURL}${where}`);
        if (scripts) await waitForHydration(page);
      };

      await test.step('the address from registration shows as not confirmed', async () => {
        await go('/account/email');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address');
        await expect(page.getByText(person.email, { exact: true })).toBeVisible();
        await expect(page.getByText(/Status: not confirmed/)).toBeVisible();
        await expectNoAxeViolations(page, 'the email address page');
      });

      await test.step('a wrong current password is refused at its field', async () => {
        await page.getByLabel('New email address').fill(newEmail);
        await page.getByLabel('Current password').fill('not my password at all');
        await page.getByRole('button', { name: 'Change email address' }).click();
        await expect(errorSummary(page)).toContainText('Your current password is not right');
        await expect(page).toHaveTitle(/^Error: Your email address/);
        await expect(page.getByLabel('New email address')).toHaveValue(newEmail);
        await expectNoAxeViolations(page, 'the email address page with an error');
      });

      await test.step('with the right password the new address is sent a link', async () => {
        await page.getByLabel('Current password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Change email address' }).click();
        await expect(page.getByText(`We have sent a confirmation link to ${newEmail}.`)).toBeVisible();
        await expect(page.getByText(/Status: not confirmed/)).toBeVisible();
      });

      const message = await mailWithSubject(mailSite, newEmail, 'Commonplace: confirm your email address');
      const link = /(http:\/\/\S+\/confirm-email\?token=[A-Za-z0-9_-]+)/.exec(message.text)![1];

      await test.step('the link confirms the address', async () => {
        await go(link);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your email address');
        await expect(page.getByText(newEmail)).toBeVisible();
        await expectNoAxeViolations(page, 'the confirm-email page');
        await page.getByRole('button', { name: 'Confirm email address' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email address confirmed');
        await expectNoAxeViolations(page, 'the email-confirmed page');
        await go('/account/email');
        await expect(page.getByText('Status: confirmed.')).toBeVisible();
      });

      await test.step('a used link, and one for the address since replaced, say why they cannot be used', async () => {
        await go(link);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link cannot be used');
        await expect(page.getByText('This confirmation link has already been used.')).toBeVisible();
        await expectNoAxeViolations(page, 'a used confirmation link');
        await go(person.confirmLink);
        await expect(page.getByText(/the address is no longer on the account/)).toBeVisible();
      });

      await person.close();
      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}
