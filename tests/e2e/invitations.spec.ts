import { errorSummary, expect, signInWithCookie, uniqueUsername, waitForHydration, accountNav, type TestDatabase } from './support/accounts';
import { mailTest as test, mailWithSubject } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * An administrator invites people by email → an invitee follows the emailed link → registers →
 * has the role, with the address already confirmed; the link works once. With and without
 * JavaScript. Mail goes through nodemailer to a real SMTP server this spec starts (support/mail.ts).
 */

const PASSWORD = 'harbour quill maple tundra';

let db: TestDatabase | null = null;
test.afterAll(async () => {
  await db?.pool.end();
  db = null;
});

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('admin invites → invitee follows the emailed link → registers → has the role', async ({ page, browser, mailSite }) => {
      test.setTimeout(120_000);
      db ??= mailSiteDatabase();
      const record = scripts ? null : await blockScripts(page);
      const admin = await db.createPerson({ role: 'admin' });
      await signInWithCookie(page.context(), await db.startSession(admin.id));
      const go = async (where: string, onPage = page) => {
        await onPage.goto(where.startsWith('http') ? where : `${mailSite.baseURL}${where}`);
        if (scripts) await waitForHydration(onPage);
      };
      const stamp = uniqueUsername('inv').slice(-6);
      const invitee = `invitee-${stamp}@example.test`;
      const other = `other-${stamp}@example.test`;

      await test.step('"Invite people" in the header leads to the form', async () => {
        await go('/');
        await accountNav(page).getByRole('link', { name: 'Invite people' }).click();
        await expect(page).toHaveURL(/\/admin\/invitations$/);
        if (scripts) await waitForHydration(page);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invite people');
        await expectNoAxeViolations(page, 'the invitations page');
      });

      await test.step('a line that is not an address is named, at the field and in the summary, and the list is kept', async () => {
        await page.getByRole('textbox', { name: 'Email addresses' }).fill(`${invitee}\nnot-an-address`);
        await page.getByRole('button', { name: 'Send invitations' }).click();
        await expect(errorSummary(page)).toContainText('This is not an email address: “not-an-address”');
        await expect(page.getByRole('textbox', { name: 'Email addresses' })).toHaveAccessibleDescription(/not-an-address/);
        await expect(page.getByRole('textbox', { name: 'Email addresses' })).toHaveValue(`${invitee}\nnot-an-address`);
        await expect(page).toHaveTitle(/^Error: Invite people/);
        await expectNoAxeViolations(page, 'the invitations page with an error');
      });

      await test.step('an address that already has an account is named, and nothing is sent', async () => {
        const member = `member-${stamp}@example.test`;
        await db!.query('UPDATE users SET email = $2 WHERE id = $1', [admin.id, member]);
        await page.getByRole('textbox', { name: 'Email addresses' }).fill(`${invitee}\n${member.toUpperCase()}`);
        await page.getByRole('button', { name: 'Send invitations' }).click();
        await expect(errorSummary(page)).toContainText(`This address already has an account: “${member}”`);
        await expect(page.getByRole('textbox', { name: 'Email addresses' })).toHaveAccessibleDescription(/already has an account/);
        await expectNoAxeViolations(page, 'the invitations page with an address that has an account');
      });

      await test.step('two addresses, as moderators', async () => {
        await page.getByRole('textbox', { name: 'Email addresses' }).fill(`${invitee}\n${other}`);
        await page.getByRole('radio', { name: 'Moderator' }).check();
        await page.getByRole('button', { name: 'Send invitations' }).click();
        await expect(page.getByText('Invitations are on their way to 2 addresses.')).toBeVisible();
        await expectNoAxeViolations(page, 'the invitations page after sending');
      });

      await test.step('the pending invitations are listed; one is cancelled', async () => {
        // Each invitation is made by a queued job: once its email has arrived, it is listed.
        await mailWithSubject(mailSite, other, 'You are invited to Commonplace');
        await mailWithSubject(mailSite, invitee, 'You are invited to Commonplace');
        await go('/admin/invitations');
        const table = page.getByRole('table', { name: /Invitations not yet used/ });
        await expect(table.getByRole('row', { name: new RegExp(other) })).toContainText('Moderator');
        await expectNoAxeViolations(page, 'the invitations page with pending invitations');
        await page.getByRole('button', { name: `Cancel invitation to ${other}` }).click();
        await expect(page.getByText(`The invitation to ${other} is cancelled: its link no longer works.`)).toBeVisible();
        await expect(table.getByRole('row', { name: new RegExp(other) })).toHaveCount(0);
        await expect(table.getByRole('row', { name: new RegExp(invitee) })).toHaveCount(1);
      });

      const mail = await mailWithSubject(mailSite, invitee, 'You are invited to Commonplace');
      expect(mail.text).toContain('as a moderator');
      const link = /(http:\/\/\S+\/register\?invitation=[A-Za-z0-9_-]+)/.exec(mail.text)![1];

      // Every browser here comes from 127.0.0.1, and the specs sharing this worker's server
      // (password reset, email confirmation) register through it too: registering is limited to 5
      // an hour per address, which is not what this journey is about, so it starts with no counts
      // (the server of this worker only; the specs sharing it run one after another).
      await db.query('DELETE FROM rate_limit_hits');
      const context = await browser.newContext();
      const visitor = await context.newPage();
      const visitorRecord = scripts ? null : await blockScripts(visitor);
      const username = `invited-${stamp}`;
      await test.step('the invitee follows the link: the form names the address and the role, and asks for no email', async () => {
        await go(link, visitor);
        await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Create an account');
        await expect(visitor.getByText(`You have been invited as a moderator. Your account will have the email address ${invitee}, already confirmed.`)).toBeVisible();
        await expect(visitor.getByRole('textbox', { name: /Email address/ })).toHaveCount(0);
        await expectNoAxeViolations(visitor, 'registering with an invitation');
        await visitor.getByRole('textbox', { name: 'Username' }).fill(username);
        await visitor.getByRole('textbox', { name: 'Your name' }).fill('Invited Person');
        await visitor.getByLabel('Password').fill('short');
        await visitor.getByRole('button', { name: 'Create account' }).click();
        await expect(errorSummary(visitor)).toContainText('Password must be 10 characters or more');
        await expectNoAxeViolations(visitor, 'registering with an invitation, with an error');
      });

      await test.step('registers, signed in, a moderator with the address confirmed', async () => {
        await visitor.getByLabel('Password').fill(PASSWORD);
        await visitor.getByRole('button', { name: 'Create account' }).click();
        await expect(visitor).toHaveURL(new RegExp(`/users/${username}$`));
        await expect(accountNav(visitor)).toContainText('Signed in as Invited Person');
        await expect(accountNav(visitor).getByRole('link', { name: 'Moderation' })).toBeVisible();
        const [row] = await db!.query<{ role: string; email: string; confirmed: boolean }>(
          'SELECT role, email, email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE username = $1',
          [username],
        );
        expect(row).toEqual({ role: 'moderator', email: invitee, confirmed: true });
      });

      await test.step('the link works once', async () => {
        await context.clearCookies();
        await go(link, visitor);
        await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('This invitation cannot be used');
        await expect(visitor.getByText('This invitation has already been used to create an account.')).toBeVisible();
        await expectNoAxeViolations(visitor, 'a used invitation');
        await go(link.replace(/invitation=(.)/, (_, first: string) => `invitation=${first === 'A' ? 'B' : 'A'}`), visitor);
        await expect(visitor.getByText('This invitation link is not right')).toBeVisible();
      });

      await context.close();
      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
      if (visitorRecord) expect(visitorRecord.blocked.length).toBeGreaterThan(0);
    });
  });
}
