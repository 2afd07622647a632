import type { Locator, Page, PlaywrightWorkerArgs } from '@playwright/test';
import { errorSummary, expect, signInWithCookie, test, type TestDatabase, waitForHydration } from './support/accounts';
import { blockScripts, expectNoAxeViolations, expectNoHorizontalScrolling, openThreadFromEmergingIssues } from './support/site';
import { createPage, savePage, uniqueTitle } from './support/wiki';

/*
 * Low vision (issue 17): forced colours (Windows high contrast); every route at 320 CSS px and with
 * the WCAG 1.4.12 text spacing; the dark scheme, with axe (enhanced contrast included) on every route.
 * Forced colours replace every colour the stylesheet sets and drop backgrounds and box shadows, so
 * these tests read the computed style the browser really uses and check that the marks that were
 * carried by colour are still there in some other form, in colours that stand out from the page.
 */

/** WCAG's contrast ratio of two computed `rgb()`/`rgba()` colours (alpha ignored, as forced colours are opaque). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

function isTransparent(colour: string): boolean {
  return colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
}

/** The page's background, as forced colours make it. */
async function canvas(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

/** Focuses an element as the keyboard would leave it and says what its focus indicator is. */
async function focusIndicator(target: Locator) {
  await target.focus();
  await expect(target).toBeFocused();
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
  });
}

async function expectVisibleFocus(page: Page, target: Locator, what: string): Promise<void> {
  const indicator = await focusIndicator(target);
  expect(indicator.style, `${what}: outline style`).not.toBe('none');
  expect(indicator.width, `${what}: outline width`).toBeGreaterThanOrEqual(2);
  expect(isTransparent(indicator.colour), `${what}: outline colour ${indicator.colour}`).toBe(false);
  expect(contrast(indicator.colour, await canvas(page)), `${what}: outline ${indicator.colour} against the page`).toBeGreaterThanOrEqual(3);
}

test.describe('forced colours (Windows high contrast)', () => {
  test.use({ colorScheme: 'light' });
  test.beforeEach(async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
  });

  test('Emerging issues: links, disclosures, check boxes and buttons keep a focus ring; stars stay visible', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    const main = page.getByRole('main');
    await expectVisibleFocus(page, main.locator('a[href^="/recommendations/"]').first(), 'a recommendation link');
    await expectVisibleFocus(page, main.getByText('Why it is a realistic mechanism').first(), 'a star’s disclosure');
    await expectVisibleFocus(page, main.getByRole('checkbox', { name: 'Only realistic mechanisms' }), 'the filter’s check box');
    await expectVisibleFocus(page, main.getByRole('button', { name: 'Apply' }), 'the Apply button');
    await expectVisibleFocus(page, page.getByRole('searchbox', { name: 'Search Commonplace' }), 'the search field');

    // The Apply button keeps an edge: its light grey background is gone in forced colours.
    const edge = await main.getByRole('button', { name: 'Apply' }).evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), colour: style.borderTopColor };
    });
    expect(edge.style).toBe('solid');
    expect(edge.width).toBeGreaterThanOrEqual(1);
    expect(contrast(edge.colour, await canvas(page))).toBeGreaterThanOrEqual(3);

    const stars = main.getByRole('img', { name: /^Realistic mechanism, marked by/ });
    await expect(stars).toHaveCount(6);
    for (const star of await stars.all()) {
      await expect(star).toBeVisible();
      await expect(star).toHaveText('★');
      const colour = await star.evaluate((element) => getComputedStyle(element).color);
      expect(contrast(colour, await canvas(page)), `the star’s colour ${colour} against the page`).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('a comparison: additions underlined and removals struck through, boxed, and the diff region keeps a focus ring', async ({ page, db, playwright }) => {
    const person = await db.createPerson({ name: 'forced-colours', displayName: 'Forced Colours' });
    const token = await db.startSession(person.id);
    const title = uniqueTitle('Forced colours');
    const slug = await createPage(playwright, token, title, 'Managers lead the change from the centre.');
    await savePage(playwright, token, slug, title, 'Clinicians and patients lead the change.');
    const rows = await db.query<{ id: number }>('SELECT r.id FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1 ORDER BY r.id', [slug]);
    await page.goto(`/wiki/${slug}/compare?from=${rows[0].id}&to=${rows[1].id}&view=inline`);

    const background = await canvas(page);
    const marks = async (locator: Locator) =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return { line: style.textDecorationLine, thickness: parseFloat(style.textDecorationThickness), colour: style.color, border: style.borderTopStyle };
      });
    const added = await marks(page.getByRole('insertion').first());
    expect(added.line).toContain('underline');
    expect(added.thickness).toBeGreaterThanOrEqual(2);
    expect(added.border).not.toBe('none');
    expect(contrast(added.colour, background)).toBeGreaterThanOrEqual(4.5);
    const removed = await marks(page.getByRole('deletion').first());
    expect(removed.line).toContain('line-through');
    expect(removed.thickness).toBeGreaterThanOrEqual(2);
    expect(removed.border).not.toBe('none');
    expect(contrast(removed.colour, background)).toBeGreaterThanOrEqual(4.5);
    // Distinguishable from each other by more than colour: the lines differ, and so do the boxes.
    expect(added.border).not.toBe(removed.border);

    await expectVisibleFocus(page, page.getByRole('region', { name: /./ }).filter({ has: page.getByRole('insertion') }), 'the diff region');
  });

  test('a thread: the live-update strip keeps its edge and its buttons their focus ring', async ({ page }) => {
    await openThreadFromEmergingIssues(page);
    await waitForHydration(page);
    const strip = page.locator('[data-live]');
    await expect(strip).toBeVisible();
    const edge = await strip.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), colour: style.borderTopColor };
    });
    expect(edge.style).toBe('solid');
    expect(edge.width).toBeGreaterThanOrEqual(1);
    expect(contrast(edge.colour, await canvas(page))).toBeGreaterThanOrEqual(3);
    await expectVisibleFocus(page, strip.getByRole('button', { name: 'Pause live updates' }), 'the pause button');
  });
});

/** WCAG 1.4.12's test: line height 1.5, paragraphs 2 em apart, letters 0.12 em and words 0.16 em. */
const TEXT_SPACING = `
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }
`;

/**
 * Names every element whose content no longer fits a box that hides what does not fit (overflow
 * hidden or clip), and every one-line field or button whose text is taller or wider than it: what
 * a reader with their own text spacing would lose. Boxes that scroll lose nothing; visually hidden
 * text is meant to be clipped.
 */
async function expectNothingClipped(page: Page, where: string): Promise<void> {
  const clipped = await page.evaluate(() => {
    const found: string[] = [];
    const name = (element: Element) =>
      `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.classList.length ? `.${Array.from(element.classList).join('.')}` : ''}>`;
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (element.closest('.visually-hidden, [hidden]')) continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
      if (style.clipPath !== 'none' && style.clipPath !== '') continue;
      const hides = (overflow: string) => overflow === 'hidden' || overflow === 'clip';
      const control = element.matches('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, button');
      // A text field scrolls its own value sideways as one types, so only its height can lose text.
      const field = element.matches('input, textarea');
      const tall = element.scrollHeight > element.clientHeight + 1;
      const wide = element.scrollWidth > element.clientWidth + 1;
      // A one-line field reports no taller scroll height when its box cuts its text: compare its line with its box.
      const px = (value: string) => parseFloat(value) || 0;
      const lineFits =
        !element.matches('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select') ||
        px(style.lineHeight) + px(style.paddingTop) + px(style.paddingBottom) + px(style.borderTopWidth) + px(style.borderBottomWidth) <= element.offsetHeight + 1;
      if (!lineFits || (tall && (control || hides(style.overflowY))) || (wide && !field && (control || hides(style.overflowX)))) {
        found.push(
          `${name(element)}${lineFits ? '' : ` a ${style.lineHeight} line in a ${element.offsetHeight}px box`} ${tall ? `content ${element.scrollHeight}px tall in ${element.clientHeight}px` : ''}${wide ? ` content ${element.scrollWidth}px wide in ${element.clientWidth}px` : ''}: ${(element.textContent || (element as HTMLInputElement).value || '').trim().slice(0, 50)}`,
        );
      }
    }
    return found;
  });
  expect(clipped, `${where}: content clipped with WCAG 1.4.12 text spacing:\n  ${clipped.join('\n  ')}`).toEqual([]);
}

interface Seeded {
  threadId: number;
  replyId: number;
  recommendationId: number;
  areaSlug: string;
  slug: string;
  firstRevision: number;
  secondRevision: number;
}

/**
 * An administrator (who can open every page, the moderation ones too), a page of their own with two
 * revisions to compare, and a thread on it with a nested, edited reply and a hidden one.
 */
async function seed(db: TestDatabase, playwright: PlaywrightWorkerArgs['playwright'], prefix: string): Promise<{ seeded: Seeded; token: string }> {
  const admin = await db.createPerson({ name: 'low-vision', role: 'admin', displayName: 'Lowe Vision' });
  const token = await db.startSession(admin.id);
  const title = uniqueTitle(prefix);
  const slug = await createPage(playwright, token, title, 'Managers lead the change from the centre.');
  await savePage(playwright, token, slug, title, 'Clinicians and patients lead the change.');
  const revisions = await db.query<{ id: number }>('SELECT r.id FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.slug = $1 ORDER BY r.id', [slug]);
  // A thread of the page's own with a reply, an answer to it, one earlier text of the reply and a
  // hidden reply, made in the database as discussions.spec.ts does: the thread nests, the reply has
  // versions and an administrator sees the hidden state.
  const [page] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
  const [thread] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, 'Who leads the change?', 'Managers, or **clinicians**?', $2) RETURNING id`,
    [page.id, admin.id],
  );
  const [reply] = await db.query<{ id: number }>(
    `INSERT INTO replies (thread_id, author_id, body, edit_count, edited_at) VALUES ($1, $2, 'Clinicians, with patients beside them.', 1, now()) RETURNING id`,
    [thread.id, admin.id],
  );
  await db.query(`INSERT INTO reply_edits (reply_id, previous_body) VALUES ($1, 'Clinicians.')`, [reply.id]);
  await db.query(`INSERT INTO replies (thread_id, parent_reply_id, author_id, body) VALUES ($1, $2, $3, 'Agreed: clinicians in the lead.')`, [thread.id, reply.id, admin.id]);
  await db.query(
    `INSERT INTO replies (thread_id, author_id, body, hidden_at, hidden_by_id, hidden_reason) VALUES ($1, $2, 'Buy the biggest system there is.', now(), $2, 'Advertising')`,
    [thread.id, admin.id],
  );
  const [recommendation] = await db.query<{ id: number }>('SELECT id FROM recommendations ORDER BY id LIMIT 1');
  const [area] = await db.query<{ slug: string }>('SELECT slug FROM areas WHERE archived_at IS NULL ORDER BY position LIMIT 1');
  const seeded: Seeded = {
    threadId: thread.id,
    replyId: reply.id,
    recommendationId: recommendation.id,
    areaSlug: area.slug,
    slug,
    firstRevision: revisions[0].id,
    secondRevision: revisions[1].id,
  };
  return { seeded, token };
}

/** Every route a person can open (the feeds and exports are not pages; signing out and watching are form posts). */
const ROUTES: { path: (seeded: Seeded) => string; signedOut?: boolean; status?: number }[] = [
  { path: () => '/' },
  { path: () => '/wiki/emerging-issues' },
  { path: () => '/wiki/emerging-issues?realistic=1' },
  { path: () => '/wiki/reading-list' },
  { path: () => '/wiki/emerging-issues/edit' },
  { path: () => '/wiki/emerging-issues/history' },
  { path: (s) => `/wiki/${s.slug}/compare?from=${s.firstRevision}&to=${s.secondRevision}&view=inline` },
  { path: (s) => `/wiki/${s.slug}/compare?from=${s.firstRevision}&to=${s.secondRevision}&view=side-by-side` },
  { path: (s) => `/wiki/${s.slug}/revisions/${s.firstRevision}` },
  { path: () => '/wiki/emerging-issues/threads' },
  { path: () => '/wiki/emerging-issues/threads/new' },
  { path: () => '/wiki/no-such-page', status: 404 },
  { path: () => '/pages/new' },
  { path: (s) => `/threads/${s.threadId}` },
  { path: (s) => `/threads/${s.threadId}/move` },
  { path: (s) => `/replies/${s.replyId}/versions` },
  { path: () => '/recent' },
  { path: () => '/tags' },
  { path: () => '/tags/issues' },
  { path: () => '/search?q=clinicians' },
  { path: () => '/areas' },
  { path: (s) => `/areas/${s.areaSlug}` },
  { path: (s) => `/recommendations/${s.recommendationId}` },
  { path: () => '/users/davemiller' },
  { path: () => '/account' },
  { path: () => '/account/email' },
  { path: () => '/account/password' },
  { path: () => '/account/two-step' },
  { path: () => '/account/notifications' },
  { path: () => '/account/data' },
  { path: () => '/account/delete' },
  { path: () => '/notifications' },
  { path: () => '/admin/users' },
  { path: () => '/admin/export' },
  { path: () => '/admin/import' },
  { path: () => '/moderation' },
  { path: () => '/moderation/log' },
  { path: () => '/sign-in', signedOut: true },
  { path: () => '/register', signedOut: true },
  { path: () => '/sign-out' },
  { path: () => '/display' },
  { path: () => '/display', signedOut: true },
  { path: () => '/no-such-place', status: 404 },
];

/** A route's path as a test title: the seeded ids are known only once the tests run. */
function routePattern(route: (typeof ROUTES)[number]): string {
  const path = route.path({ threadId: 0, replyId: 0, recommendationId: 0, areaSlug: ':area', slug: ':page', firstRevision: 0, secondRevision: 0 }).replace(/\b0\b/g, ':id');
  return route.signedOut && !['/sign-in', '/register'].includes(path) ? `${path} (signed out)` : path;
}

test.describe('every route at 320 CSS px (400% zoom) and with WCAG 1.4.12 text spacing', () => {
  // The text-spacing stylesheet is injected as a <style>, which the site's CSP would refuse.
  test.use({ bypassCSP: true });
  // Each test reads the computed style of every element on the page three times; /admin/users took
  // 41 s at load 23, so these get 60 s.
  test.describe.configure({ timeout: 60_000 });
  let seeded: Seeded;
  let token: string;

  test.beforeAll(async ({ db, playwright }) => {
    ({ seeded, token } = await seed(db, playwright, 'Text spacing'));
  });

  for (const route of ROUTES) {
    test(`${routePattern(route)} reflows at 320 px and loses nothing to text spacing`, async ({ page, context }) => {
      const path = route.path(seeded);
      if (!route.signedOut) await signInWithCookie(context, token);
      await page.setViewportSize({ width: 320, height: 640 });
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(route.status ?? 200);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalScrolling(page, `${path} at 320 px`);

      await page.addStyleTag({ content: TEXT_SPACING });
      await expectNothingClipped(page, `${path} at 320 px`);
      await page.setViewportSize({ width: 1280, height: 800 });
      await expectNothingClipped(page, `${path} at 1280 px`);
    });
  }
});

test.describe('the dark scheme (prefers-color-scheme: dark)', () => {
  test.use({ colorScheme: 'dark' });
  let seeded: Seeded;
  let token: string;

  test.beforeAll(async ({ db, playwright }) => {
    ({ seeded, token } = await seed(db, playwright, 'Dark scheme'));
  });

  test('Emerging issues is light on dark, its focus, stars and disclosures stand out, and axe finds nothing', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    const body = await page.evaluate(() => ({ colour: getComputedStyle(document.body).color, background: getComputedStyle(document.body).backgroundColor }));
    expect(contrast(body.background, 'rgb(0, 0, 0)'), 'the page is dark').toBeLessThan(1.5);
    expect(contrast(body.colour, body.background)).toBeGreaterThanOrEqual(7);

    const main = page.getByRole('main');
    const link = main.locator('a[href^="/recommendations/"]').first();
    await link.focus();
    const focused = await link.evaluate((element) => ({ colour: getComputedStyle(element).color, background: getComputedStyle(element).backgroundColor }));
    expect(contrast(focused.background, body.background), 'the focused link’s yellow against the page').toBeGreaterThanOrEqual(3);
    expect(contrast(focused.colour, focused.background), 'the focused link’s text on its yellow').toBeGreaterThanOrEqual(7);

    for (const star of await main.getByRole('img', { name: /^Realistic mechanism, marked by/ }).all()) {
      const colour = await star.evaluate((element) => getComputedStyle(element).color);
      expect(contrast(colour, body.background), `the star ${colour} against the page`).toBeGreaterThanOrEqual(7);
    }
    // Every star's reasons open, the last disclosure keeping focus, so the open and focused states are scanned too.
    const summaries = main.getByText('Why it is a realistic mechanism');
    for (const summary of await summaries.all()) {
      await summary.focus();
      await page.keyboard.press('Enter');
    }
    await expectNoAxeViolations(page, 'Emerging issues, dark, disclosures open');
  });

  test('a comparison: additions and removals marked by more than colour, at 7:1 on their tints; axe finds nothing', async ({ page, context }) => {
    await signInWithCookie(context, token);
    await page.goto(`/wiki/${seeded.slug}/compare?from=${seeded.firstRevision}&to=${seeded.secondRevision}&view=inline`);
    for (const [role, line] of [['insertion', 'underline'], ['deletion', 'line-through']] as const) {
      const mark = await page.getByRole(role).first().evaluate((element) => {
        const style = getComputedStyle(element);
        return { line: style.textDecorationLine, colour: style.color, background: style.backgroundColor };
      });
      expect(mark.line).toContain(line);
      expect(contrast(mark.colour, mark.background), `${role}: ${mark.colour} on ${mark.background}`).toBeGreaterThanOrEqual(7);
    }
    await expectNoAxeViolations(page, 'a comparison, dark');
  });

  test('a form with problems (sign in) and a thread with hidden, edited and nested replies and its live strip: axe finds nothing', async ({ page, context }) => {
    await page.goto('/sign-in');
    await waitForHydration(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(errorSummary(page)).toBeFocused();
    await expectNoAxeViolations(page, '/sign-in with problems, dark');

    await signInWithCookie(context, token);
    await page.goto(`/threads/${seeded.threadId}`);
    await waitForHydration(page);
    await expect(page.locator('[data-live]').getByRole('button', { name: 'Pause live updates' })).toBeVisible();
    await expect(page.getByText('Hidden by a moderator: Advertising')).toBeVisible();
    await expectNoAxeViolations(page, 'a thread, dark');
  });

  for (const route of ROUTES) {
    test(`${routePattern(route)}: axe finds nothing in the dark scheme`, async ({ page, context }) => {
      const path = route.path(seeded);
      if (!route.signedOut) await signInWithCookie(context, token);
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(route.status ?? 200);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, `${path}, dark`);
    });
  }
});

/** Whether the page is drawn dark: its background close to black, with its text at 7:1 on it. */
async function isDark(page: Page): Promise<boolean> {
  // After a form's answer its text can be on screen before its stylesheet is (black on transparent).
  await page.waitForLoadState('load');
  const body = await page.evaluate(() => ({ colour: getComputedStyle(document.body).color, background: getComputedStyle(document.body).backgroundColor }));
  expect(contrast(body.colour, body.background), `text ${body.colour} on ${body.background}`).toBeGreaterThanOrEqual(7);
  return contrast(body.background, 'rgb(0, 0, 0)') < 1.5;
}

test.describe('choosing light or dark ("Display settings")', () => {
  test('signed out and without scripts: dark on a light system, kept in this browser, and back to light on a dark one', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    const scripts = await blockScripts(page);
    try {
      await page.goto('/wiki/emerging-issues');
      expect(scripts.blocked.length, 'the page’s scripts were blocked').toBeGreaterThan(0);
      expect(await isDark(page)).toBe(false);
      await page.getByRole('contentinfo').getByRole('link', { name: 'Display settings' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Display settings' })).toBeVisible();
      await expect(page.getByRole('radio', { name: 'The same as my device' })).toBeChecked();
      await page.getByRole('radio', { name: 'Dark' }).check();
      await page.getByRole('button', { name: 'Save display settings' }).click();
      await expect(page.getByText('Your display settings have been saved.')).toBeVisible();
      expect(await isDark(page)).toBe(true);
      await expectNoAxeViolations(page, '/display saved, dark');
      await page.getByRole('link', { name: 'Go back to the page you were reading' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Emerging issues' })).toBeVisible();
      expect(await isDark(page)).toBe(true);
      // Printed, it is light whatever was chosen.
      await page.emulateMedia({ media: 'print' });
      expect(await isDark(page)).toBe(false);
      await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });

      await page.goto('/display');
      await page.getByRole('radio', { name: 'Light' }).check();
      await page.getByRole('button', { name: 'Save display settings' }).click();
      await expect(page.getByText('Your display settings have been saved.')).toBeVisible();
      await page.goto('/wiki/emerging-issues');
      expect(await isDark(page)).toBe(false);
    } finally {
      await context.close();
    }
  });

  test('signed in, by keyboard: the choice is kept with the account and follows the person to another browser', async ({ browser, db }) => {
    const person = await db.createPerson({ name: 'scheme', displayName: 'Scheme Chooser' });
    const token = await db.startSession(person.id);
    const first = await browser.newContext({ colorScheme: 'light' });
    const page = await first.newPage();
    try {
      await signInWithCookie(first, token);
      await page.goto('/display');
      await waitForHydration(page);
      await expectNoAxeViolations(page, '/display');
      await page.getByRole('radio', { name: 'The same as my device' }).focus();
      // Arrow keys move through a radio group and choose as they go: Dark is the third.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Save display settings' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByText('Your display settings have been saved.')).toBeVisible();
      expect(await isDark(page)).toBe(true);
    } finally {
      await first.close();
    }
    // Another browser, light, with no display cookie of its own: the account's choice.
    const second = await browser.newContext({ colorScheme: 'light' });
    try {
      await signInWithCookie(second, token);
      const there = await second.newPage();
      await there.goto('/wiki/reading-list');
      expect(await isDark(there)).toBe(true);
      await there.goto('/display');
      await expect(there.getByRole('radio', { name: 'Dark' })).toBeChecked();
      await expect(there.getByText('Kept with your account, for every browser you sign in with.')).toBeVisible();
    } finally {
      await second.close();
    }
  });
});
