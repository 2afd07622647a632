import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/accounts';
import { blockScripts, expectNoAxeViolations, expectNoHorizontalScrolling } from './support/site';

/*
 * Recent changes (/recent and its Atom feeds) and keyword tags (/tags, /tags/<tag>) on the seeded
 * masterclass wiki. Other specs may add changes meanwhile, so lists are checked for what the seed
 * put there, not for their exact length; filtered lists of someone made here are exact.
 */

const STARS = '6 recommendations marked as realistic mechanisms';
const STARS_TITLE = `Emerging issues: ${STARS}`;
const ATOM = 'http://www.w3.org/2005/Atom';

const changesTable = (page: Page) => page.getByRole('table', { name: /newest first/ });
/** The data rows (the header row is in thead). */
const changeRows = (page: Page) => changesTable(page).locator('tbody').getByRole('row');
const filterForm = (page: Page) => page.getByRole('search', { name: 'Filter changes' });

interface ParsedFeed {
  error: string | null;
  namespace: string | null;
  root: string | null;
  id: string;
  title: string;
  updated: string;
  links: { rel: string; href: string; type: string }[];
  entries: { id: string; title: string; updated: string; author: string; summary: string; links: { rel: string; href: string }[] }[];
}

/** Fetches a feed over HTTP and parses it with the browser's XML parser (which refuses anything not well-formed). */
async function fetchFeed(page: Page, request: APIRequestContext, path: string): Promise<{ body: string; feed: ParsedFeed }> {
  const response = await request.get(path);
  expect(response.status(), `status of ${path}`).toBe(200);
  expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  const body = await response.text();
  const feed = await page.evaluate(
    ([text, ns]) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.getElementsByTagName('parsererror')[0]?.textContent ?? null;
      const root = doc.documentElement;
      const child = (parent: Element, name: string) => Array.from(parent.children).find((element) => element.localName === name && element.namespaceURI === ns);
      const text_ = (parent: Element, name: string) => child(parent, name)?.textContent ?? '';
      const links = (parent: Element) =>
        Array.from(parent.children)
          .filter((element) => element.localName === 'link' && element.namespaceURI === ns)
          .map((element) => ({ rel: element.getAttribute('rel') ?? '', href: element.getAttribute('href') ?? '', type: element.getAttribute('type') ?? '' }));
      return {
        error,
        namespace: root.namespaceURI,
        root: root.localName,
        id: text_(root, 'id'),
        title: text_(root, 'title'),
        updated: text_(root, 'updated'),
        links: links(root),
        entries: Array.from(root.children)
          .filter((element) => element.localName === 'entry')
          .map((entry) => ({
            id: text_(entry, 'id'),
            title: text_(entry, 'title'),
            updated: text_(entry, 'updated'),
            author: child(entry, 'author') ? text_(child(entry, 'author')!, 'name') : '',
            summary: text_(entry, 'summary'),
            links: links(entry).map(({ rel, href }) => ({ rel, href })),
          })),
      };
    },
    [body, ATOM] as const,
  );
  expect(feed.error, `${path} is not well-formed XML`).toBeNull();
  expect([feed.namespace, feed.root]).toEqual([ATOM, 'feed']);
  return { body, feed };
}

/** What every Atom 1.0 feed and entry must have (RFC 4287), with absolute links to this site. */
function expectValidAtom(feed: ParsedFeed, origin: string): void {
  expect(feed.id).not.toBe('');
  expect(feed.title).not.toBe('');
  expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
  expect(feed.links.filter((link) => link.rel === 'self')).toHaveLength(1);
  expect(feed.links.filter((link) => link.rel === 'alternate')).toHaveLength(1);
  for (const link of feed.links) expect(link.href.startsWith(`${origin}/`), link.href).toBe(true);
  const ids = feed.entries.map((entry) => entry.id);
  expect(new Set(ids).size).toBe(ids.length);
  let previous = Infinity;
  for (const entry of feed.entries) {
    expect(entry.id).not.toBe('');
    expect(entry.title).not.toBe('');
    expect(entry.author).not.toBe('');
    expect(entry.summary).not.toBe('');
    const at = Date.parse(entry.updated);
    expect(at, `updated of ${entry.title}`).not.toBeNaN();
    expect(at, 'newest first').toBeLessThanOrEqual(previous);
    previous = at;
    const alternates = entry.links.filter((link) => link.rel === 'alternate');
    expect(alternates).toHaveLength(1);
    expect(alternates[0].href.startsWith(`${origin}/`)).toBe(true);
  }
}

test.describe('recent changes', () => {
  // The seeded changes are found by who made them: by the time this runs, other specs have made more
  // than a page of newer changes in the suite's shared database.
  test('lists the seeded changes, newest first, with time, page, person, what and the note', async ({ page }) => {
    const response = await page.goto('/recent?username=davemiller');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recent changes');
    await expect(changesTable(page).getByRole('columnheader')).toHaveText(['When', 'Page', 'Who', 'What changed', 'About this update']);

    const stars = changeRows(page).filter({ hasText: STARS });
    await expect(stars).toHaveCount(1);
    await expect(stars.getByRole('cell').nth(0).locator('time')).toHaveAttribute('datetime', '2008-11-14T10:07:00.000Z');
    await expect(stars.getByRole('cell').nth(0)).toHaveText('14 November 2008, 10:07');
    await expect(stars.getByRole('link', { name: 'Emerging issues' })).toHaveAttribute('href', '/wiki/emerging-issues');
    await expect(stars.getByRole('link', { name: 'davemiller' })).toHaveAttribute('href', '/users/davemiller');
    await expect(stars.getByRole('cell').nth(4)).toHaveText(/^I have marked bullets with \* where I believe/);

    await page.goto('/recent?username=masterclass-import');
    const created = changeRows(page).filter({ hasText: 'Masterclass wiki import' });
    await expect(created).toHaveCount(1);
    await expect(created.getByRole('cell').nth(3)).toHaveText(/^page created — \d+ words added$/);

    // Newest first.
    await page.goto('/recent');
    const times = await changeRows(page).locator('time').evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort().reverse());

    await expect(page.getByRole('link', { name: 'Subscribe to recent changes (Atom feed)' })).toHaveAttribute('href', '/recent.atom');
    await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', '/recent.atom');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recent changes' })).toHaveAttribute('aria-current', 'page');
  });

  test('filters by kind with JavaScript on', async ({ page }) => {
    await page.goto('/recent');
    await filterForm(page).getByRole('combobox', { name: 'Kind of change' }).selectOption({ label: 'Recommendations marked as realistic mechanisms' });
    await filterForm(page).getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/\/recent\?username=&kind=stars$/);
    // Other specs running meanwhile may add newer marks: the seeded one is listed, not necessarily first.
    await expect(changeRows(page).filter({ hasText: STARS }).first()).toBeVisible();
    for (const row of await changeRows(page).all()) await expect(row.getByRole('cell').nth(3)).toHaveText(/marked as/);
    await expect(filterForm(page).getByRole('combobox', { name: 'Kind of change' })).toHaveValue('stars');
  });

  test.describe('with JavaScript files blocked', () => {
    let record: { blocked: string[] };
    test.beforeEach(async ({ page }) => {
      record = await blockScripts(page);
    });
    test.afterEach(() => {
      expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });

    test('filters by person', async ({ page }) => {
      await page.goto('/recent');
      await filterForm(page).getByRole('textbox', { name: 'Person (username)' }).fill('davemiller');
      await filterForm(page).getByRole('button', { name: 'Filter' }).click();
      await expect(page).toHaveURL(/\/recent\?username=davemiller&kind=$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recent changes');
      await expect(changesTable(page)).toHaveAccessibleName('Recent changes by davemiller, newest first');
      await expect(changeRows(page).filter({ hasText: STARS })).toHaveCount(1);
      for (const row of await changeRows(page).all()) await expect(row.getByRole('cell').nth(2)).toHaveText('davemiller');
      await expect(page.getByRole('textbox', { name: 'Person (username)' })).toHaveValue('davemiller');
      await expect(page.getByRole('link', { name: 'Subscribe to these changes (Atom feed)' })).toHaveAttribute('href', '/recent.atom?username=davemiller');
      await expectNoAxeViolations(page, '/recent filtered, without JavaScript');
    });

    test('says so when nothing matches', async ({ page }) => {
      await page.goto('/recent?username=nobody-by-this-name');
      await expect(changesTable(page)).toHaveCount(0);
      await expect(page.getByText('No changes match these filters.')).toBeVisible();
    });

    test('pages through a long list with Older and Newer links, keeping the filter', async ({ page, db }) => {
      // 55 changes by one new person, on no page, long ago: the rest of the list is undisturbed.
      const person = await db.createPerson({ name: 'pager' });
      await db.query(
        `INSERT INTO changes (page_id, kind, actor_id, note, created_at)
         SELECT NULL, 'featured', $1, 'Change ' || n, timestamptz '2001-01-01 00:00:00+00' + n * interval '1 hour' FROM generate_series(1, 55) n`,
        [person.id],
      );
      await page.goto(`/recent?username=${person.username}`);
      await expect(page.getByText('55 changes match these filters.')).toBeVisible();
      await expect(changeRows(page)).toHaveCount(50);
      await expect(changeRows(page).first()).toContainText('Change 55');
      const pages = page.getByRole('navigation', { name: 'More changes' });
      await expect(pages.getByRole('link', { name: 'Newer changes' })).toHaveCount(0);

      await pages.getByRole('link', { name: 'Older changes' }).click();
      await expect(changeRows(page)).toHaveCount(5);
      await expect(changeRows(page).getByRole('cell').filter({ hasText: /^Change \d+$/ })).toHaveText(['Change 5', 'Change 4', 'Change 3', 'Change 2', 'Change 1']);
      await expect(changeRows(page).first()).toContainText('A page that no longer exists');
      expect(new URL(page.url()).searchParams.get('username')).toBe(person.username);
      await expect(pages.getByRole('link', { name: 'Older changes' })).toHaveCount(0);

      await pages.getByRole('link', { name: 'Newer changes' }).click();
      await expect(changeRows(page)).toHaveCount(50);
      await expect(changeRows(page).first()).toContainText('Change 55');
      await expect(changeRows(page).last()).toContainText('Change 6');
      await expect(pages.getByRole('link', { name: 'Newer changes' })).toHaveCount(0);
    });

    test('shows the newest changes, and says why, for a cursor it did not give out', async ({ page }) => {
      const response = await page.goto('/recent?username=davemiller&after=not-a-cursor');
      expect(response?.status()).toBe(200);
      await expect(page.getByText('The link to that part of the list did not work, so the newest changes are shown.')).toBeVisible();
      await expect(changeRows(page).filter({ hasText: STARS })).toHaveCount(1);
    });
  });

  test('has no WCAG 2.2 A/AA violations found by axe', async ({ page }) => {
    await page.goto('/recent');
    await expectNoAxeViolations(page, '/recent');
  });

  test('reflows without horizontal scrolling at 320 CSS px wide', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    // With the seeded change whose note is longest.
    await page.goto('/recent?username=davemiller');
    await expect(changeRows(page).filter({ hasText: STARS })).toBeVisible();
    await expectNoHorizontalScrolling(page, '/recent at 320 px');
    await expectNoAxeViolations(page, '/recent at 320 px');
  });
});

test.describe('Atom feeds', () => {
  test('/recent.atom is a valid Atom feed of the newest changes', async ({ page, request, baseURL }) => {
    const { feed } = await fetchFeed(page, request, '/recent.atom');
    expectValidAtom(feed, baseURL!);
    expect(feed.title).toBe('Recent changes – Commonplace');
    expect(feed.links.find((link) => link.rel === 'self')).toEqual({ rel: 'self', href: `${baseURL}/recent.atom`, type: 'application/atom+xml' });
    expect(feed.links.find((link) => link.rel === 'alternate')?.href).toBe(`${baseURL}/recent`);
    // The seeded changes, by who made them (other specs have made a feed's worth of newer ones).
    const byDavemiller = (await fetchFeed(page, request, '/recent.atom?username=davemiller')).feed;
    const stars = byDavemiller.entries.find((entry) => entry.title === STARS_TITLE);
    expect(stars).toBeDefined();
    expect(stars!.author).toBe('davemiller');
    expect(stars!.updated).toBe('2008-11-14T10:07:00.000Z');
    expect(stars!.links).toEqual([{ rel: 'alternate', href: `${baseURL}/wiki/emerging-issues` }]);
    expect(stars!.summary).toMatch(/^davemiller: 6 recommendations marked as realistic mechanisms\. About this update: I have marked bullets/);
    const byImport = (await fetchFeed(page, request, '/recent.atom?username=masterclass-import')).feed;
    expect(
      byImport.entries.some((entry) => /^Emerging issues: page created — \d+ words added$/.test(entry.title) && entry.author === 'Masterclass wiki import (original author not recorded)'),
    ).toBe(true);
  });

  test('/recent.atom honours the filters', async ({ page, request, baseURL }) => {
    const { feed } = await fetchFeed(page, request, '/recent.atom?username=davemiller');
    expectValidAtom(feed, baseURL!);
    expect(feed.title).toBe('Recent changes by davemiller – Commonplace');
    expect(feed.entries.length).toBeGreaterThan(0);
    expect(feed.entries.every((entry) => entry.author === 'davemiller')).toBe(true);
    expect(feed.entries.some((entry) => entry.title === STARS_TITLE)).toBe(true);

    const { feed: created } = await fetchFeed(page, request, '/recent.atom?kind=created');
    expect(created.title).toBe('Recent changes (New pages) – Commonplace');
    expect(created.entries.length).toBeGreaterThanOrEqual(3);
    expect(created.entries.every((entry) => / page created — /.test(entry.title))).toBe(true);
  });

  test('escapes every text value, and leaves out characters XML cannot carry', async ({ page, request }) => {
    const hostile = `<b>&amp;"quoted" 'single' ]]>\u0001`;
    const { body, feed } = await fetchFeed(page, request, `/recent.atom?username=${encodeURIComponent(hostile)}`);
    expect(body).not.toContain('<b>');
    expect(body).not.toContain('\u0001');
    expect(feed.title).toBe(`Recent changes by <b>&amp;"quoted" 'single' ]]> – Commonplace`);
    expect(feed.entries).toEqual([]);
  });

  test("a page's history feed lists its changes and links to its history", async ({ page, request, baseURL }) => {
    const { feed } = await fetchFeed(page, request, '/wiki/emerging-issues/history.atom');
    expectValidAtom(feed, baseURL!);
    expect(feed.title).toBe('History of Emerging issues – Commonplace');
    expect(feed.links.find((link) => link.rel === 'self')?.href).toBe(`${baseURL}/wiki/emerging-issues/history.atom`);
    expect(feed.links.find((link) => link.rel === 'alternate')?.href).toBe(`${baseURL}/wiki/emerging-issues/history`);
    expect(feed.entries.map((entry) => entry.title)).toContain(STARS_TITLE);
    for (const entry of feed.entries) {
      expect(entry.links).toEqual([
        { rel: 'alternate', href: `${baseURL}/wiki/emerging-issues` },
        { rel: 'related', href: `${baseURL}/wiki/emerging-issues/history` },
      ]);
    }
    // One change has one id, in whichever feed it appears.
    const { feed: recent } = await fetchFeed(page, request, '/recent.atom?kind=stars');
    expect(feed.entries.find((entry) => entry.title === STARS_TITLE)!.id).toBe(recent.entries.find((entry) => entry.title === STARS_TITLE)!.id);
  });

  test('a history feed for a page that does not exist is a 404', async ({ request }) => {
    expect((await request.get('/wiki/no-such-page/history.atom')).status()).toBe(404);
  });
});

test.describe('tags', () => {
  test('/tags lists every tag with its page and thread counts', async ({ page }) => {
    const response = await page.goto('/tags');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tags');
    const table = page.getByRole('table', { name: 'Every tag, with how many pages and threads carry it' });
    await expect(table.getByRole('columnheader')).toHaveText(['Tag', 'Pages', 'Threads']);
    const issues = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'issues', exact: true }) });
    await expect(issues.getByRole('cell')).toHaveText(['1', '0']);
    for (const tag of ['about', 'issues', 'references']) {
      await expect(table.getByRole('link', { name: tag, exact: true })).toHaveAttribute('href', `/tags/${tag}`);
    }
    await expectNoAxeViolations(page, '/tags');
  });

  test('/tags/issues lists Emerging issues, reached from /tags', async ({ page }) => {
    await page.goto('/tags');
    await page.getByRole('link', { name: 'issues', exact: true }).click();
    await expect(page).toHaveURL(/\/tags\/issues$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tagged “issues”');
    await expect(page).toHaveTitle('Tagged “issues” – Commonplace');
    const pages = page.getByRole('region', { name: 'Pages' });
    await expect(pages.getByRole('link')).toHaveText(['Emerging issues']);
    await expect(pages.getByRole('link', { name: 'Emerging issues' })).toHaveAttribute('href', '/wiki/emerging-issues');
    await expect(page.getByRole('region', { name: 'Threads' })).toContainText('No threads have this tag.');
    await expectNoAxeViolations(page, '/tags/issues');
  });

  test('an unknown tag is a real 404 page', async ({ page }) => {
    const response = await page.goto('/tags/no-such-tag');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });

  test('/tags and /tags/issues reflow at 320 CSS px wide', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/tags', '/tags/issues']) {
      await page.goto(path);
      await expectNoHorizontalScrolling(page, `${path} at 320 px`);
    }
  });
});
