import type { APIResponse } from '@playwright/test';
import {
  accountNav,
  apiAs,
  baseURL,
  expect,
  formToken,
  PASSWORD,
  postForm,
  signInWithCookie,
  test,
  titleAndHeading,
  waitForHydration,
} from './support/accounts';
import { FORM_ACTIONS } from './support/form-actions';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Cross-site request forgery, for every form action: a post from another origin, or without this
 * browser's form token, is refused with "This form could not be sent" and changes nothing; the
 * very same post from this site with the token is accepted. Each post carries the victim's
 * session cookie, as a browser would.
 */

const ATTACKER = 'https://attacker.example';
const NOT_SENT = 'This form could not be sent – Commonplace';

async function expectCrossSiteRefusal(response: APIResponse, what: string): Promise<void> {
  expect(response.status(), `${what}: status`).toBe(403);
  const page = await titleAndHeading(response);
  expect(page.title, `${what}: title`).toBe(NOT_SENT);
  expect(page.h1, `${what}: heading`).toBe('This form could not be sent');
  expect(page.text, `${what}: says why`).toContain('It came from another website, so we did not accept it. Nothing was changed.');
}

async function expectTokenRefusal(response: APIResponse, what: string): Promise<void> {
  expect(response.status(), `${what}: status`).toBe(403);
  const page = await titleAndHeading(response);
  expect(page.title, `${what}: title`).toBe(NOT_SENT);
  expect(page.h1, `${what}: heading`).toBe('This form could not be sent');
  expect(page.text, `${what}: says nothing changed`).toContain('Nothing was changed.');
  expect(page.text, `${what}: says what to do`).toContain('Go back, reload the page and try again.');
}

test.describe('forged form posts are refused and change nothing', () => {
  for (const action of FORM_ACTIONS) {
    test(`${action.label}`, async ({ db, playwright }) => {
      // The victim: signed in (an administrator for the administrators' forms), with this site open.
      const victim = await db.createPerson({ name: 'victim', role: action.path === '/admin/users' ? 'admin' : 'participant' });
      const victimToken = await db.startSession(victim.id);
      const browser = await apiAs(playwright, victimToken);
      // The attacker's own browser can get a token of its own from the site, but not the victim's.
      const attacker = await apiAs(playwright);
      try {
        const csrf = await formToken(browser);
        const attackersToken = await formToken(attacker);
        expect(attackersToken).not.toBe(csrf);
        const post = await action.prepare(db, { person: victim, token: victimToken });

        // (a) From another origin, even with the right token: refused before the form is read.
        await expectCrossSiteRefusal(await postForm(browser, action.path, post.fields, { origin: ATTACKER, csrf }), 'Origin from another site');
        await expectCrossSiteRefusal(
          await postForm(browser, action.path, post.fields, { origin: null, csrf, headers: { Referer: `${ATTACKER}/cats.html` } }),
          'no Origin, Referer from another site',
        );
        await expectCrossSiteRefusal(
          await postForm(browser, action.path, post.fields, { origin: 'null', csrf }),
          'Origin "null" (a sandboxed frame)',
        );

        // (b) From this origin, with the token missing, wrong, or someone else's.
        await expectTokenRefusal(await postForm(browser, action.path, post.fields, { csrf: null }), 'no _csrf');
        await expectTokenRefusal(await postForm(browser, action.path, post.fields, { csrf: '' }), 'empty _csrf');
        await expectTokenRefusal(
          await postForm(browser, action.path, post.fields, { csrf: `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` }),
          'wrong _csrf',
        );
        await expectTokenRefusal(await postForm(browser, action.path, post.fields, { csrf: attackersToken }), 'the attacker’s own _csrf');

        expect(await post.changed(), 'nothing was changed').toBe(false);
        expect(await db.sessionExists(victimToken), 'the victim is still signed in').toBe(true);

        // (c) The same post from this site with the right token does what it says.
        const accepted = await postForm(browser, action.path, post.fields, { csrf });
        expect(accepted.status(), `the genuine post: ${(await titleAndHeading(accepted)).title}`).toBe(303);
        expect(accepted.headers().location).toMatch(action.success);
        expect(await post.changed(), 'the genuine post changed it').toBe(true);
      } finally {
        await browser.dispose();
        await attacker.dispose();
      }
    });
  }
});

test.describe('in the browser', () => {
  test('a form on another website cannot change the password of someone signed in here', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'victim-browser' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    // A page on another site (served by the test) with a form that posts here.
    const evil = 'http://attacker.example/win-a-prize';
    await page.route(evil, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html lang="en"><title>Win a prize</title><main><h1>Win a prize</h1>
          <form method="post" action="${baseURL()}/account/password">
            <input type="hidden" name="currentPassword" value="${PASSWORD}">
            <input type="hidden" name="newPassword" value="attacker chose this one">
            <input type="hidden" name="_csrf" value="guessed-token-guessed-token-guessed">
            <button>Claim it</button>
          </form></main></html>`,
      }),
    );
    await page.goto(evil);
    const answer = page.waitForResponse((response) => response.url() === `${baseURL()}/account/password`);
    await page.getByRole('button', { name: 'Claim it' }).click();
    expect((await answer).status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This form could not be sent');
    await expect(page).toHaveTitle(NOT_SENT);
    await expect(page.getByRole('main')).toContainText('It came from another website, so we did not accept it. Nothing was changed.');
    await expectNoAxeViolations(page, 'the cross-site refusal page');

    expect(await db.passwordIs(person.username, PASSWORD), 'the password is unchanged').toBe(true);
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(accountNav(page).getByRole('link', { name: `Signed in as ${person.displayName}` })).toBeVisible();
  });

  test('the site’s own form, sent without JavaScript, carries this origin and the token, and is accepted', async ({ page, db }) => {
    const record = await blockScripts(page);
    const person = await db.createPerson({ name: 'own-form' });
    const token = await db.startSession(person.id);
    await signInWithCookie(page.context(), token);
    await page.goto('/wiki/reading-list');
    // Read before sending: signing out gives the browser a new token.
    const csrfCookie = (await page.context().cookies()).find((cookie) => cookie.name === 'commonplace_csrf');
    const sent = page.waitForRequest((request) => request.method() === 'POST');
    await accountNav(page).getByRole('button', { name: 'Sign out' }).click();
    const request = await sent;
    expect(request.url()).toBe(`${baseURL()}/sign-out`);
    expect(request.headers().origin, 'the browser sends this site as the Origin (not "null")').toBe(baseURL());
    expect(new URLSearchParams(request.postData() ?? '').get('_csrf'), 'the form sends the token from its cookie').toBe(csrfCookie?.value);
    expect((await request.response())?.status()).toBe(303);
    await page.waitForURL(`${baseURL()}/`);
    await expect(accountNav(page).getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
    expect(await db.sessionExists(token), 'the session has ended').toBe(false);
    const rotated = (await page.context().cookies()).find((cookie) => cookie.name === 'commonplace_csrf');
    expect(rotated?.value, 'signing out gave the browser a new token').not.toBe(csrfCookie?.value);
    expect(record.blocked.length, 'scripts were blocked').toBeGreaterThan(0);
  });

  test('a form whose token has gone stale says so, and works again after a reload', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'stale-form' });
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await page.goto('/account/password');
    await waitForHydration(page);
    // The browser loses the token cookie while the page is open (cleared cookies, say).
    await page.context().clearCookies({ name: 'commonplace_csrf' });
    await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a stale form password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This form could not be sent');
    await expect(page).toHaveTitle(NOT_SENT);
    await expect(page.getByRole('main')).toContainText('Nothing was changed.');
    await expectNoAxeViolations(page, 'the stale-token refusal page');
    expect(await db.passwordIs(person.username, PASSWORD), 'the password is unchanged').toBe(true);

    await page.reload();
    await waitForHydration(page);
    await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a fresh form password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Your password has been changed.' })).toBeVisible();
    expect(await db.passwordIs(person.username, 'a fresh form password')).toBe(true);
  });
});
