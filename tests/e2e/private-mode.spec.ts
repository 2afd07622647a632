import { Secret, TOTP } from 'otpauth';
import { liveClient } from '../../apps/server/src/realtime/live-socket.testing';
import { accountNav, errorSummary, expect, postForm, sessionCookie, signInWithCookie, waitForHydration, PASSWORD, type TestDatabase } from './support/accounts';
import { mailTest as test } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * An administrator makes the site private on "Site settings"; then an anonymous reader is sent to
 * sign in from every page (and comes back after), registering needs an invitation, feeds and
 * exports answer 401 and GraphQL refuses with UNAUTHENTICATED. With and without JavaScript. On a
 * server of this spec's own (support/mail.ts), so the suite's server stays public; the site is made
 * public again after each test.
 */

let db: TestDatabase | null = null;
test.afterEach(async () => {
  await db?.query('UPDATE site_settings SET private = false, name = $1', ['Commonplace']);
});
test.afterAll(async () => {
  await db?.pool.end();
  db = null;
});

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('private mode on → an anonymous reader is sent to sign in, feeds get 401, GraphQL refuses', async ({ page, browser, mailSite, playwright }) => {
      test.setTimeout(120_000);
      db ??= mailSiteDatabase();
      const record = scripts ? null : await blockScripts(page);
      const go = async (where: string, onPage = page) => {
        await onPage.goto(`${mailSite.baseURL}${where}`);
        if (scripts) await waitForHydration(onPage);
      };
      const admin = await db.createPerson({ role: 'admin' });
      const reader = await db.createPerson({ role: 'participant' });
      await signInWithCookie(page.context(), await db.startSession(admin.id));

      await test.step('"Site settings": a name is needed; then private', async () => {
        await go('/');
        await accountNav(page).getByRole('link', { name: 'Site settings' }).click();
        await expect(page).toHaveURL(/\/admin\/site$/);
        if (scripts) await waitForHydration(page);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Site settings');
        await expect(page.getByRole('radio', { name: 'Public' })).toBeChecked();
        await expectNoAxeViolations(page, 'the site settings page');
        await page.getByRole('textbox', { name: 'Site name' }).fill('');
        await page.getByRole('radio', { name: 'Private' }).check();
        await page.getByRole('button', { name: 'Save settings' }).click();
        await expect(errorSummary(page)).toContainText('Enter the site’s name');
        await expect(page.getByRole('textbox', { name: 'Site name' })).toHaveAccessibleDescription(/Enter the site’s name/);
        await expect(page.getByRole('radio', { name: 'Private' })).toBeChecked();
        await expectNoAxeViolations(page, 'the site settings page with an error');
        await page.getByRole('textbox', { name: 'Site name' }).fill('Workshop wiki');
        await page.getByRole('button', { name: 'Save settings' }).click();
        await expect(page.getByText('The site settings are saved. The site is now private.')).toBeVisible();
        await expect(page.getByRole('banner').getByRole('link', { name: 'Workshop wiki' })).toBeVisible();
      });

      const context = await browser.newContext();
      const anonymous = await context.newPage();
      if (!scripts) await blockScripts(anonymous);
      await test.step('an anonymous reader opening a page is sent to sign in (not an error), and comes back after', async () => {
        await go('/wiki/emerging-issues', anonymous);
        await expect(anonymous).toHaveURL(/\/sign-in\?returnTo=%2Fwiki%2Femerging-issues$/);
        await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('Sign in');
        await expect(anonymous.getByText('Workshop wiki is private: sign in to read it.')).toBeVisible();
        await expect(anonymous.getByText('Accounts here are by invitation: ask an administrator of this site for one.')).toBeVisible();
        await expect(anonymous.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
        await expectNoAxeViolations(anonymous, 'the sign-in page of a private site');
        if (scripts) {
          // A link followed on the sign-in page (a client-side navigation) is sent to sign in too.
          await anonymous.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Areas' }).click();
          await expect(anonymous).toHaveURL(/\/sign-in\?returnTo=%2Fareas$/);
          await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('Sign in');
        }
        await anonymous.getByRole('textbox', { name: 'Username' }).fill(reader.username);
        await anonymous.getByLabel('Password').fill(PASSWORD);
        await anonymous.getByRole('button', { name: 'Sign in' }).click();
        await expect(anonymous).toHaveURL(scripts ? /\/areas$/ : /\/wiki\/emerging-issues$/);
        await expect(accountNav(anonymous)).toContainText(`Signed in as ${reader.displayName}`);
      });

      await test.step('registering asks for an invitation', async () => {
        await context.clearCookies();
        await go('/register', anonymous);
        await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('Creating an account needs an invitation');
        await expectNoAxeViolations(anonymous, 'registering on a private site');
      });

      await test.step('feeds and exports answer 401; GraphQL refuses with UNAUTHENTICATED', async () => {
        const api = await playwright.request.newContext({ baseURL: mailSite.baseURL });
        // Every page a reader could open, asked for as a browser does (scripts or not): sent to sign in, and back after.
        const [{ threadId }] = await db!.query<{ threadId: number }>('SELECT min(id) AS "threadId" FROM threads');
        const [{ areaSlug }] = await db!.query<{ areaSlug: string }>('SELECT min(slug) AS "areaSlug" FROM areas');
        const [{ recommendationId }] = await db!.query<{ recommendationId: number }>('SELECT min(id) AS "recommendationId" FROM recommendations');
        const pages = ['/', '/recent', '/areas', `/areas/${areaSlug}`, '/tags', '/tags/change', '/search?q=change', `/threads/${threadId}`, `/recommendations/${recommendationId}`];
        pages.push('/wiki/emerging-issues/history', '/wiki/emerging-issues/threads', `/users/${admin.username}`, '/notifications', '/drafts', '/moderation/log');
        for (const path of pages) {
          const answer = await api.get(path, { maxRedirects: 0 });
          expect(answer.status(), path).toBe(303);
          // The home page is where signing in leads anyway, so it needs no return address.
          expect(answer.headers().location, path).toBe(path === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(path)}`);
        }
        for (const feed of ['/recent.atom', '/wiki/emerging-issues/history.atom', '/areas.csv', '/areas.json', '/account/data.json']) {
          expect((await api.get(feed, { maxRedirects: 0 })).status(), feed).toBe(401);
        }
        const answer = await api.post('/graphql', { headers: { 'content-type': 'application/json', origin: mailSite.baseURL }, data: { query: '{ page(slug: "emerging-issues") { title } }' } });
        const body = (await answer.json()) as { data: { page: unknown } | null; errors: { extensions: { code: string } }[] };
        expect(body.errors.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
        expect(body.data?.page ?? null).toBeNull();
        await api.dispose();
      });

      await context.close();
      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('on a private site, a person with two-step sign-in signs in: the password, then a code, then back to the page they opened', async ({ page, mailSite }) => {
      test.setTimeout(60_000);
      db ??= mailSiteDatabase();
      const record = scripts ? null : await blockScripts(page);
      const person = await db.createPerson({ name: scripts ? 'private-2step' : 'private-2step-nojs' });
      const secret = new Secret({ size: 20 });
      await db.query(`INSERT INTO two_step_secrets (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [person.id, `plain:${secret.base32}`]);
      await db.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [person.id]);
      await db.query('UPDATE site_settings SET private = true, name = $1', ['Workshop wiki']);
      const arrived = async (url: RegExp) => {
        await page.waitForURL(url, { waitUntil: 'load' });
        if (scripts) await waitForHydration(page);
      };

      await page.goto(`${mailSite.baseURL}/wiki/emerging-issues`);
      await arrived(/\/sign-in\?returnTo=%2Fwiki%2Femerging-issues$/);
      await expect(page.getByText('Workshop wiki is private: sign in to read it.')).toBeVisible();
      await page.getByRole('textbox', { name: 'Username' }).fill(person.username);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // The second step is open to someone not yet signed in, though the site is private.
      await arrived(/\/sign-in\/code\?returnTo=%2Fwiki%2Femerging-issues$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your sign-in code');
      await expectNoAxeViolations(page, 'the sign-in code page of a private site');
      await page.getByRole('textbox', { name: 'Code' }).fill('000000' === new TOTP({ secret }).generate() ? '111111' : '000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(errorSummary(page)).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your sign-in code');
      await expectNoAxeViolations(page, 'the sign-in code page of a private site with a wrong code');
      await page.getByRole('textbox', { name: 'Code' }).fill(new TOTP({ secret }).generate());
      await page.getByRole('button', { name: 'Continue' }).click();
      await arrived(/\/wiki\/emerging-issues$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emerging issues');
      await expect(accountNav(page)).toContainText(`Signed in as ${person.displayName}`);
      if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });
  });
}

for (const scripts of [true, false]) {
  test(`on a private site, deleting your account ends on the page that says it is deleted, not on sign-in (${scripts ? 'with JavaScript' : 'with JavaScript files blocked'})`, async ({ page, mailSite }) => {
    test.setTimeout(60_000);
    db ??= mailSiteDatabase();
    const record = scripts ? null : await blockScripts(page);
    const person = await db.createPerson({ name: scripts ? 'private-leaver' : 'private-leaver-nojs' });
    await db.query('UPDATE site_settings SET private = true, name = $1', ['Workshop wiki']);
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await page.goto(`${mailSite.baseURL}/account/delete`);
    if (scripts) await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account');
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page).toHaveURL(/\/account\/deleted$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account has been deleted');
    await expect(page.getByText('You have been signed out everywhere.')).toBeVisible();
    await expectNoAxeViolations(page, 'the account-deleted page of a private site');
    expect(await db.account(person.username)).toBeNull();
    // The way on is still to sign in: the rest of the site stays closed.
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    if (record) expect(record.blocked.filter((p) => p.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });
}

test('private mode on → an anonymous reader following a thread live is cut off, and a socket.io client signed out cannot join a room', async ({ page, browser, mailSite }) => {
  test.setTimeout(90_000);
  db ??= mailSiteDatabase();
  const admin = await db.createPerson({ role: 'admin' });
  const adminToken = await db.startSession(admin.id);
  const [thread] = await db.query<{ id: number }>('SELECT id FROM threads WHERE hidden_at IS NULL ORDER BY id LIMIT 1');
  const room = `thread:${thread.id}`;

  // While the site is public, anyone may follow a thread live.
  const context = await browser.newContext();
  const anonymous = await context.newPage();
  await anonymous.goto(`${mailSite.baseURL}/threads/${thread.id}`);
  await waitForHydration(anonymous);
  await expect(anonymous.getByText('Live updates on')).toBeVisible();
  const before = await liveClient(mailSite.baseURL, { reconnection: false });
  expect(await before.join(room)).toEqual({ joined: room });
  before.close();

  await signInWithCookie(page.context(), adminToken);
  await page.goto(`${mailSite.baseURL}/admin/site`);
  await waitForHydration(page);
  await page.getByRole('textbox', { name: 'Site name' }).fill('Workshop wiki');
  await page.getByRole('radio', { name: 'Private' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The site settings are saved. The site is now private.')).toBeVisible();

  // The open page is disconnected, and its reconnection may not join the thread's room again.
  await expect(anonymous.getByText('Live updates are not available here')).toBeVisible({ timeout: 15_000 });
  await expectNoAxeViolations(anonymous, 'a thread page whose live updates were refused');
  const signedOut = await liveClient(mailSite.baseURL, { reconnection: false });
  try {
    expect(JSON.stringify(await signedOut.join(room))).toContain('Sign in to follow this site');
    expect(signedOut.events.filter((event) => event.event === 'live:joined')).toEqual([]);
  } finally {
    signedOut.close();
  }
  // Signed in, the same room is open.
  const signedIn = await liveClient(mailSite.baseURL, { cookie: `commonplace_session=${adminToken}`, origin: mailSite.baseURL, reconnection: false });
  try {
    expect(await signedIn.join(room)).toEqual({ joined: room });
  } finally {
    signedIn.close();
  }
  await context.close();
});

test('the site settings and invitation forms refuse a post without the form token or from another site, and change nothing', async ({ mailSite, playwright }) => {
  db ??= mailSiteDatabase();
  const admin = await db.createPerson({ role: 'admin' });
  const api = await playwright.request.newContext({ baseURL: mailSite.baseURL, storageState: { cookies: [sessionCookie(await db.startSession(admin.id))], origins: [] } });
  try {
    const page = await api.get('/admin/site');
    expect(page.status()).toBe(200);
    const token = /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(await page.text())![1];
    const before = await db.query('SELECT name, private, updated_at FROM site_settings');
    const forms: [string, Record<string, string>][] = [
      ['/admin/site', { name: 'Forged', private: 'private' }],
      ['/admin/invitations', { emails: 'forged@example.test', role: 'Admin' }],
    ];
    for (const [path, fields] of forms) {
      expect((await postForm(api, path, fields, { csrf: null, origin: mailSite.baseURL })).status(), `${path} without a token`).toBe(403);
      expect((await postForm(api, path, fields, { csrf: token, origin: 'https://attacker.example' })).status(), `${path} from another site`).toBe(403);
    }
    expect(await db.query('SELECT name, private, updated_at FROM site_settings')).toEqual(before);
    expect(await db.query(`SELECT 1 FROM invitations WHERE email = 'forged@example.test'`)).toEqual([]);
    // The genuine post, for contrast.
    const genuine = await postForm(api, '/admin/site', { name: 'Commonplace', private: 'public' }, { csrf: token, origin: mailSite.baseURL });
    expect(genuine.status()).toBe(303);
    expect(genuine.headers().location).toBe('/admin/site?saved=1');
  } finally {
    await api.dispose();
  }
});
