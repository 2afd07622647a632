import { createHash, randomBytes } from 'node:crypto';
import type { BrowserContext, Locator } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { accountNav, baseURL, errorSummary, expect, signInWithCookie, tabTo, test, type TestDatabase, waitForHydration } from './support/accounts';
import { expectNoAxeViolations } from './support/site';

/*
 * Two-step sign-in, from the keyboard alone: turn it on from the account page → sign out → sign in
 * with a code from the app → sign out → sign in with a recovery code (once only), with JavaScript
 * and with it switched off. The "app" is the otpauth library the server uses, given the setup key
 * read from the page's text, as a person would type it into their phone.
 */

/** The code an authenticator app shows for the setup key, `stepsAhead` 30-second steps from now. */
function appCode(setupKey: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(setupKey.replace(/\s/g, '')), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/**
 * A pending sign-in for the person in this browser, as a right password makes one (the row and its
 * cookie). The suite's server allows 10 anonymous sign-ins per 15 minutes from one address, shared
 * by every spec: each journey below types the password once, and begins its later sign-ins here.
 */
async function passwordAccepted(db: TestDatabase, context: BrowserContext, userId: number): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO pending_sign_ins (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '10 minutes')`, [
    createHash('sha256').update(token).digest('hex'),
    userId,
  ]);
  const { hostname } = new URL(baseURL());
  await context.addCookies([{ name: 'commonplace_two_step', value: token, domain: hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }]);
}

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript switched off', () => {
    test.use({ javaScriptEnabled: scripts });

    test('turn on two-step sign-in by keyboard → sign out → sign in with a code → sign in with a recovery code', async ({ page, db, context }) => {
      test.setTimeout(120_000);
      const person = await db.createPerson({ name: scripts ? 'twostep' : 'twostep-nojs' });
      await signInWithCookie(context, await db.startSession(person.id));
      /** Every answer without scripts is a whole page from the server; with them, wait for the client to take over. */
      const arrived = async (url: RegExp) => {
        await page.waitForURL(url, { waitUntil: 'load' });
        if (scripts) await waitForHydration(page);
      };
      const press = async (target: Locator, max = 40) => {
        await tabTo(page, target, { max });
        await page.keyboard.press('Enter');
      };
      const typeInto = async (target: Locator, text: string, max = 40) => {
        await tabTo(page, target, { max });
        await page.keyboard.type(text);
      };
      const axe = (where: string) => (scripts ? expectNoAxeViolations(page, where) : Promise.resolve());
      const heading = () => page.getByRole('heading', { level: 1 });

      let setupKey = '';
      let recoveryCodes: string[] = [];

      await test.step('from the account page to two-step sign-in', async () => {
        await page.goto('/account');
        if (scripts) await waitForHydration(page);
        await expect(heading()).toHaveText('Your account');
        await expect(page.getByRole('definition').filter({ hasText: /^Off$/ })).toBeVisible();
        await axe('the account page');
        await press(page.getByRole('link', { name: 'Set up two-step sign-in' }));
        await arrived(/\/account\/two-step$/);
        await expect(heading()).toHaveText('Two-step sign-in');
        await axe('the two-step sign-in page, off');
      });

      await test.step('set-up shows the QR code with a text alternative, and the setup key as text', async () => {
        await press(page.getByRole('button', { name: 'Set up two-step sign-in' }));
        await arrived(/\/account\/two-step$/);
        await expect(page.getByRole('img', { name: /QR code for your authenticator app\. If you cannot scan it, type the setup key below/ })).toBeVisible();
        setupKey = (await page.getByTestId('two-step-secret').innerText()).trim();
        expect(setupKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
        await axe('the two-step set-up page');
      });

      await test.step('a wrong code is refused at the field', async () => {
        const code = page.getByRole('textbox', { name: 'Code from your app' });
        await typeInto(code, appCode(setupKey, 5));
        await page.keyboard.press('Enter');
        await arrived(/\/account\/two-step$/);
        await expect(errorSummary(page)).toContainText('The code is not right, or it has expired');
        await expect(page.getByRole('textbox', { name: 'Code from your app' })).toHaveAccessibleDescription(/The code is not right/);
        await expect(page).toHaveTitle(/^Error: Two-step sign-in/);
        await axe('the two-step set-up page with an error');
      });

      await test.step('the right code turns it on and shows ten recovery codes', async () => {
        await typeInto(page.getByRole('textbox', { name: 'Code from your app' }), appCode(setupKey));
        await page.keyboard.press('Enter');
        await expect(heading()).toHaveText('Save your recovery codes');
        await expect(page.getByText('Two-step sign-in is on.')).toBeVisible();
        recoveryCodes = (await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts()).map((text) => text.trim());
        expect(recoveryCodes).toHaveLength(10);
        await axe('the recovery codes page');
        await press(page.getByRole('link', { name: 'I have saved my recovery codes' }));
        await arrived(/\/account$/);
        await expect(page.getByRole('definition').filter({ hasText: /^On$/ })).toBeVisible();
      });

      const signOut = async () => {
        await press(accountNav(page).getByRole('button', { name: 'Sign out' }), 60);
        await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
      };

      const codePage = async () => {
        await page.goto('/sign-in/code');
        if (scripts) await waitForHydration(page);
        await expect(heading()).toHaveText('Enter your sign-in code');
      };

      const password = async () => {
        await page.goto('/sign-in');
        if (scripts) await waitForHydration(page);
        await typeInto(page.getByRole('textbox', { name: 'Username' }), person.username);
        await page.keyboard.press('Tab');
        await page.keyboard.type(person.password);
        await page.keyboard.press('Enter');
        await arrived(/\/sign-in\/code$/);
        await expect(heading()).toHaveText('Enter your sign-in code');
        // Not signed in yet.
        await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
      };

      const enterCode = async (code: string) => {
        await typeInto(page.getByRole('textbox', { name: 'Code' }), code);
        await page.keyboard.press('Enter');
      };

      await test.step('sign out, then sign in: the password, then a code from the app', async () => {
        await signOut();
        await password();
        await axe('the sign-in code page');
        if (scripts) {
          await enterCode('123');
          await expect(errorSummary(page)).toContainText('Enter the 6-digit code from your app, or a recovery code');
          await expect(page).toHaveTitle(/^Error: Enter your sign-in code/);
          await axe('the sign-in code page with an error');
        }
        // The code set-up took was for now; the app's next one (inside the window) is new.
        await enterCode(appCode(setupKey, 1));
        await arrived(new RegExp(`/users/${person.username}$`));
        await expect(accountNav(page)).toContainText(`Signed in as ${person.displayName}`);
      });

      await test.step('sign out, then sign in with a recovery code instead', async () => {
        await signOut();
        await passwordAccepted(db, context, person.id);
        await codePage();
        await enterCode(recoveryCodes[0]);
        await arrived(new RegExp(`/users/${person.username}$`));
        await expect(accountNav(page)).toContainText(`Signed in as ${person.displayName}`);
      });

      await test.step('the same recovery code does not work twice', async () => {
        await signOut();
        await passwordAccepted(db, context, person.id);
        await codePage();
        await enterCode(recoveryCodes[0]);
        await expect(errorSummary(page)).toContainText('That recovery code has already been used');
        await expect(page.getByRole('textbox', { name: 'Code' })).toHaveAccessibleDescription(/already been used/);
        await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
      });
    });
  });
}

test.describe('the account page', () => {
  test('lists the signed-in browsers and signs out everywhere else; each change link leads to its page', async ({ page, db, context }) => {
    test.setTimeout(60_000);
    const person = await db.createPerson({ name: 'sessions' });
    const elsewhere = await db.startSession(person.id);
    await signInWithCookie(context, await db.startSession(person.id));
    await page.goto('/account');
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
    const table = page.getByRole('table', { name: 'Browsers signed in to your account, the most recently used first' });
    await expect(table.getByRole('row')).toHaveCount(3);
    await expect(table).toContainText('(this browser)');
    for (const [name, path] of [
      ['Change email address', '/account/email'],
      ['Change password', '/account/password'],
      ['Set up two-step sign-in', '/account/two-step'],
      ['Change notification settings', '/account/notifications'],
      ['Change display settings', '/display'],
      ['Download your data', '/account/data'],
      ['Delete your account', '/account/delete'],
    ]) {
      await expect(page.getByRole('main').getByRole('link', { name, exact: true })).toHaveAttribute('href', path);
    }
    await expectNoAxeViolations(page, 'the account page with two browsers');
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await expect(page.getByText('Signed out of 1 other browser.')).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(page.getByText('You are not signed in anywhere else.')).toBeVisible();
    expect(await db.sessionExists(elsewhere)).toBe(false);
    await expectNoAxeViolations(page, 'the account page after signing out elsewhere');
    // The pages of "Your data" (built alongside) are reached from here too.
    await page.getByRole('main').getByRole('link', { name: 'Download your data', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data');
    await expectNoAxeViolations(page, 'your data, reached from the account page');
    await page.goBack();
    await page.getByRole('main').getByRole('link', { name: 'Delete your account', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account');
    await expectNoAxeViolations(page, 'deleting your account, reached from the account page');
  });

  test('an expired or missing pending sign-in says to sign in again', async ({ page }) => {
    await page.goto('/sign-in/code');
    await waitForHydration(page);
    await expect(page.getByText('Your sign-in has expired or was not started.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/sign-in?again=1');
    await expectNoAxeViolations(page, 'the sign-in code page without a pending sign-in');
  });
});

for (const scripts of [true, false]) {
  test.describe(`an administrator's reset, ${scripts ? 'with JavaScript' : 'with JavaScript switched off'}`, () => {
    test.use({ javaScriptEnabled: scripts });

    test('an administrator resets, by keyboard alone, the two-step sign-in of someone who lost their phone, with a reason; the moderation log shows it', async ({ page, db, context }) => {
      test.setTimeout(60_000);
      const admin = await db.createPerson({ name: scripts ? 'resetter' : 'resetter-nojs', role: 'admin' });
      // A username starting with a digit sorts before everyone else's: the row is on the first page.
      const person = await db.createPerson({ name: scripts ? '0-lost-phone' : '0-lost-phone-nojs', displayName: 'Lee Lost' });
      await db.query(`INSERT INTO two_step_secrets (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [person.id, `plain:${new Secret({ size: 20 }).base32}`]);
      await db.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [person.id]);
      // Its own words, so this entry is told apart from the other variant's in the shared log.
      const why = `Lost phone; checked by video call (${person.username})`;
      await signInWithCookie(context, await db.startSession(admin.id));
      const arrived = async () => {
        await page.waitForLoadState('load');
        if (scripts) await waitForHydration(page);
      };
      // axe runs in the page, so only with scripts (the server sends the same HTML either way).
      const axe = (where: string) => (scripts ? expectNoAxeViolations(page, where) : Promise.resolve());
      await page.goto('/admin/users');
      await arrived();
      const reason = page.getByRole('textbox', { name: `Reason for resetting ${person.username}’s two-step sign-in` });
      const reset = page.getByRole('button', { name: `Reset two-step sign-in of ${person.username}` });

      await tabTo(page, reset, { max: 120 });
      await page.keyboard.press('Enter');
      await expect(errorSummary(page)).toContainText('Enter the reason, for the moderation log');
      await expect(reason).toHaveAccessibleDescription(/Enter the reason, for the moderation log/);
      await axe('the People page with a two-step reset missing its reason');

      // From the error summary's link to the field it names, as the summary promises.
      await tabTo(page, errorSummary(page).getByRole('link', { name: 'Enter the reason, for the moderation log' }), { max: 40 });
      await page.keyboard.press('Enter');
      await expect(reason).toBeFocused();
      await page.keyboard.type(why);
      await tabTo(page, reset, { max: 5 });
      await page.keyboard.press('Enter');
      await expect(page.getByText(`Lee Lost (${person.username}) can now sign in with their password alone, and set up two-step sign-in again.`)).toBeVisible();
      await expect(reset).toHaveCount(0);
      await axe('the People page after a two-step reset');
      const [row] = await db.query<{ two_step_enabled_at: Date | null }>('SELECT two_step_enabled_at FROM users WHERE id = $1', [person.id]);
      expect(row.two_step_enabled_at).toBeNull();

      await page.goto('/moderation/log');
      await arrived();
      const entry = page.getByRole('main').getByText(why);
      await expect(entry).toBeVisible();
      await expect(page.getByRole('main')).toContainText('User two step reset');
    });
  });
}
