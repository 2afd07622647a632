import type { Page } from '@playwright/test';
import { errorSummary, expect, signInWithCookie, test, uniqueUsername, waitForHydration } from './support/accounts';
import { expectNoAxeViolations } from './support/site';

/*
 * axe (WCAG 2.0, 2.1 and 2.2, A and AA) on every account page, as it first opens and as it answers
 * a form with problems, with JavaScript on. Each error state is checked for what axe cannot see
 * too: the summary has focus, the field is marked invalid, and the title starts with "Error:".
 */

async function open(page: Page, path: string, heading: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await waitForHydration(page);
}

async function expectErrorState(page: Page, title: string, summaryLinks: string[]): Promise<void> {
  await expect(errorSummary(page)).toBeFocused();
  await expect(page).toHaveTitle(`Error: ${title} – Commonplace`);
  await expect(errorSummary(page).getByRole('link')).toHaveText(summaryLinks);
}

test.describe('account pages have no WCAG 2.2 A/AA violations found by axe', () => {
  test('/register, empty and with problems', async ({ page }) => {
    await open(page, '/register', 'Create an account');
    await expectNoAxeViolations(page, '/register');

    const username = uniqueUsername('axe');
    await page.getByRole('textbox', { name: 'Username' }).fill(username);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Axel Checker');
    await page.getByRole('textbox', { name: 'Email address (optional)' }).fill('not an email address');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectErrorState(page, 'Create an account', [
      'Enter an email address in the correct format, like name@example.com',
      'Password must be 10 characters or more',
    ]);
    // What was typed is kept, except the password.
    await expect(page.getByRole('textbox', { name: 'Username' })).toHaveValue(username);
    await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue('Axel Checker');
    await expect(page.getByRole('textbox', { name: 'Email address (optional)' })).toHaveValue('not an email address');
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Error: Password must be 10 characters or more$/);
    await expect(page.getByRole('textbox', { name: 'Username' })).not.toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, '/register with problems');
  });

  test('/sign-in, empty and with problems', async ({ page }) => {
    await open(page, '/sign-in', 'Sign in');
    await expectNoAxeViolations(page, '/sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectErrorState(page, 'Sign in', ['Enter your username', 'Enter your password']);
    await expect(page.getByRole('textbox', { name: 'Username' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, '/sign-in with problems');
  });

  test('/account/password, empty and with problems', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'axe-password' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, '/account/password', 'Change your password');
    await expectNoAxeViolations(page, '/account/password');

    await page.getByLabel('Current password', { exact: true }).fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expectErrorState(page, 'Change your password', ['Your current password is not right', 'Password must be 10 characters or more']);
    await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/Error: Password must be 10 characters or more$/);
    await expectNoAxeViolations(page, '/account/password with problems');
  });

  test('/admin/users as an administrator, as it opens and with a suspension missing its reason', async ({ page, db }) => {
    const admin = await db.createPerson({ name: 'axe-admin', role: 'admin' });
    const person = await db.createPerson({ name: 'aardvark-axe' });
    await signInWithCookie(page.context(), await db.startSession(admin.id));
    await open(page, '/admin/users', 'People');
    await expectNoAxeViolations(page, '/admin/users');

    await page.getByRole('button', { name: `Suspend ${person.username}`, exact: true }).click();
    await expectErrorState(page, 'People', ['Enter the reason, which the person will see']);
    const reason = page.getByRole('textbox', { name: `Reason for suspending ${person.username}` });
    await expect(errorSummary(page).getByRole('link')).toHaveAttribute('href', `#reason-${person.username}`);
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toHaveAccessibleDescription('They will see it. Error: Enter the reason, which the person will see');
    expect(await db.account(person.username)).toMatchObject({ suspended: false });
    await expectNoAxeViolations(page, '/admin/users with problems');
  });

  test('/users/davemiller, signed out and signed in (with the header’s sign-out form), and an unknown profile', async ({ page, db }) => {
    await open(page, '/users/davemiller', 'davemiller');
    await expectNoAxeViolations(page, '/users/davemiller signed out');

    const person = await db.createPerson({ name: 'axe-profile' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, '/users/davemiller', 'davemiller');
    await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expectNoAxeViolations(page, '/users/davemiller signed in');

    // The profile has no form of its own; its "wrong value" is a username nobody has.
    const response = await page.goto('/users/no-such-person');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expectNoAxeViolations(page, '/users/no-such-person');
  });
});
