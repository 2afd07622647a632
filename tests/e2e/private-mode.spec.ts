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
        for (const feed of ['/recent.atom', '/wiki/emerging-issues/history.atom', '/areas.csv', '/areas.json']) {
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
