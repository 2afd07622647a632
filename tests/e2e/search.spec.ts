import type { APIRequestContext, Page } from '@playwright/test';
import { apiAs, baseURL, expect, signInWithCookie, test } from './support/accounts';
import { AREAS, blockScripts, expectNoAxeViolations, expectNoHorizontalScrolling, THREAD_SUBJECTS, THREAD_WITH_REPLY } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/*
 * Search: the form in the site header on every page, and /search with its filters, results and
 * "No results". The journeys run twice: with every script file blocked (the page is only what the
 * server rendered, and the forms are plain GET forms) and with JavaScript on.
 */

const headerSearch = (page: Page) => page.getByRole('search', { name: 'Site' });
const pageSearch = (page: Page) => page.getByRole('search', { name: 'Search and filter' });
const resultsRegion = (page: Page) => page.getByRole('region', { name: /\bresults? for ‘/ });
const results = (page: Page) => resultsRegion(page).getByRole('listitem');
const result = (page: Page, title: string) =>
  results(page).filter({
    has: page.getByRole('link', { name: title, exact: true }),
  });

async function searchFromHeader(page: Page, q: string): Promise<void> {
  await headerSearch(page).getByRole('searchbox', { name: 'Search Commonplace' }).fill(q);
  await headerSearch(page).getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Search results for ‘${q}’`);
  expect(new URL(page.url()).searchParams.get('q')).toBe(q);
}

for (const javaScript of ['blocked', 'on'] as const) {
  test.describe(`with JavaScript ${javaScript}`, () => {
    let record: { blocked: string[] } | null = null;

    test.beforeEach(async ({ page }) => {
      record = javaScript === 'blocked' ? await blockScripts(page) : null;
    });

    test.afterEach(async () => {
      // Proves the page really asked for its scripts and did not get them.
      if (record) expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
    });

    test('the header search finds Emerging issues by the start of a word, first', async ({ page }) => {
      await page.goto('/');
      await searchFromHeader(page, 'emer');
      const top = results(page).first();
      await expect(top.getByText('Page', { exact: true })).toBeVisible();
      await expect(top.getByRole('link')).toHaveText('Emerging issues');
      await top.getByRole('link', { name: 'Emerging issues' }).click();
      await expect(page).toHaveURL(/\/wiki\/emerging-issues$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emerging issues');
    });

    test('finds a recommendation by a word in it, with its area and the word marked', async ({ page }) => {
      await page.goto('/wiki/emerging-issues');
      await searchFromHeader(page, 'benchmarking');
      await expect(resultsRegion(page).getByRole('heading', { level: 2 })).toHaveText('1 result for ‘benchmarking’');
      const found = result(page, 'Benchmarking');
      await expect(found.getByText('Recommendation', { exact: true })).toBeVisible();
      await expect(found.getByRole('link', { name: 'Benchmarking' })).toHaveAttribute('href', /^\/recommendations\/\d+$/);
      await expect(found.getByText(`Area: ${AREAS[4].label}`, { exact: false })).toBeVisible();
      await expect(found.locator('mark')).toHaveText('Benchmarking');
    });

    test('finds a thread by its subject and opens it', async ({ page }) => {
      await page.goto('/');
      await searchFromHeader(page, 'informaticians stakeholders');
      const found = result(page, THREAD_SUBJECTS[0]);
      await expect(found.getByText('Thread', { exact: true })).toBeVisible();
      await found.getByRole('link', { name: THREAD_SUBJECTS[0] }).click();
      await expect(page).toHaveURL(/\/threads\/\d+$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(THREAD_SUBJECTS[0]);
    });

    test('filters by kind and by area, and says so', async ({ page }) => {
      await page.goto('/search?q=clinicians');
      await expect(results(page).getByText('Page', { exact: true })).not.toHaveCount(0);
      await pageSearch(page).getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Recommendations' });
      await pageSearch(page).getByRole('button', { name: 'Search' }).click();
      await expect(resultsRegion(page).getByRole('heading', { level: 2 })).toHaveText(/^\d+ results? for ‘clinicians’ in recommendations$/);
      const kinds = await results(page).locator('.search-result__kind').allTextContents();
      expect(kinds.length).toBeGreaterThan(1);
      expect(new Set(kinds)).toEqual(new Set(['Recommendation']));

      await pageSearch(page)
        .getByRole('combobox', { name: 'Area' })
        .selectOption({ label: AREAS[0].name as string });
      await pageSearch(page).getByRole('button', { name: 'Search' }).click();
      await expect(resultsRegion(page).getByRole('heading', { level: 2 })).toHaveText(/in recommendations, in the area ‘Engage Key Stakeholders/);
      const areas = await results(page).locator('.search-result__area').allTextContents();
      expect(areas.length).toBeGreaterThan(0);
      expect(new Set(areas)).toEqual(new Set([`Area: ${AREAS[0].name}`]));
      // The filters stay chosen in the form.
      await expect(pageSearch(page).getByRole('combobox', { name: 'Show' })).toHaveValue('recommendations');
      await expect(pageSearch(page).getByRole('searchbox', { name: 'Search Commonplace' })).toHaveValue('clinicians');
    });

    test('punctuation alone gives "No results" with suggestions, not an error', async ({ page }) => {
      await page.goto('/');
      await searchFromHeader(page, '!!! ((');
      await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText('No results for ‘!!! ((’');
      await expect(page.getByRole('link', { name: 'Emerging issues', exact: true }).last()).toBeVisible();
    });

    test('search operators work: a phrase, an exclusion and "or", with later results by "Next results"', async ({ page }) => {
      await page.goto('/');
      await searchFromHeader(page, '"need for change" -informaticians');
      await expect(result(page, THREAD_WITH_REPLY)).toHaveCount(1);

      await searchFromHeader(page, 'health or care or change');
      const summary = resultsRegion(page).getByRole('heading', { level: 2 });
      const total = Number(/^(\d+) results/.exec((await summary.textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(20);
      await expect(results(page)).toHaveCount(20);
      const hrefs = () =>
        results(page)
          .getByRole('link')
          .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      const first = await hrefs();
      await page.getByRole('navigation', { name: 'More results' }).getByRole('link', { name: 'Next results' }).click();
      await expect(results(page)).toHaveCount(total - 20);
      const later = await hrefs();
      expect(later.filter((href) => first.includes(href))).toEqual([]);
      await expect(page.getByRole('navigation', { name: 'More results' }).getByRole('link', { name: 'Next results' })).toHaveCount(0);
      await expect(page.getByRole('navigation', { name: 'More results' }).getByRole('link', { name: 'First results' })).toBeVisible();
    });
  });
}

test.describe('the header search form', () => {
  for (const path of ['/', '/wiki/emerging-issues', '/wiki/no-such-page', '/search']) {
    test(`is on ${path}, with a label and a button`, async ({ page }) => {
      await page.goto(path);
      const form = page.getByRole('banner').getByRole('search', { name: 'Site' });
      await expect(form.getByRole('searchbox', { name: 'Search Commonplace' })).toHaveAttribute('name', 'q');
      await expect(form.getByRole('button', { name: 'Search' })).toBeVisible();
    });
  }

  test('reflows at 320 CSS px wide with results on the page', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/search?q=change');
    await expect(results(page)).not.toHaveCount(0);
    await expectNoHorizontalScrolling(page, '/search at 320 px');
    // The longest area title is in the area list and in the results.
    await page.goto('/search?q=change&area=workforce-and-knowledge-sharing');
    await expect(results(page)).not.toHaveCount(0);
    await expectNoHorizontalScrolling(page, '/search in an area at 320 px');
    await page.goto('/');
    await expectNoHorizontalScrolling(page, 'the home page with the header search at 320 px');
  });
});

test.describe('accessibility of /search', () => {
  const cases = [
    {
      name: 'with results',
      path: '/search?q=change',
      expectText: /^\d+ results for ‘change’$/,
    },
    {
      name: 'with no results',
      path: '/search?q=xylophone',
      expectText: /^No results for ‘xylophone’$/,
    },
    {
      name: 'with filters',
      path: '/search?q=clinicians&kind=recommendations&area=engage-key-stakeholders',
      expectText: /results? for ‘clinicians’ in recommendations, in the area/,
    },
    {
      name: 'on a later page of results',
      path: '/search?q=health+or+care+or+change',
      next: true,
      expectText: /results for/,
    },
  ];
  for (const { name, path, expectText, next } of cases) {
    test(`has no WCAG 2.2 A/AA violations found by axe ${name}`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      if (next) await page.getByRole('link', { name: 'Next results' }).click();
      await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(expectText);
      await expectNoAxeViolations(page, `/search ${name}`);
    });
  }

  test('has no WCAG 2.2 A/AA violations found by axe before searching', async ({ page }) => {
    await page.goto('/search');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
    await expectNoAxeViolations(page, '/search before searching');
  });
});

test.describe('deleted and hidden replies', () => {
  test('are not found at /search, nor quoted in a snippet, for an anonymous reader or a participant', async ({ browser, db, playwright }) => {
    test.setTimeout(60_000);
    const author = await db.createPerson({ name: 'search-author' });
    const reader = await db.createPerson({ name: 'search-reader' });
    const moderator = await db.createPerson({ name: 'search-moderator', role: 'moderator' });
    const authorToken = await db.startSession(author.id);
    const slug = await createPage(playwright, authorToken, uniqueTitle('Search leaks'), 'A page for a thread.');
    const [{ id: pageId }] = await db.query<{ id: number }>('SELECT id FROM pages WHERE slug = $1', [slug]);
    const [{ id: threadId }] = await db.query<{ id: number }>(`INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, 'Search leaks', 'Opening post', $2) RETURNING id`, [pageId, author.id]);
    const word = (name: string) => `${name}${Math.random().toString(36).slice(2, 8)}`;
    const [deletedWord, hiddenWord, sharedWord] = [word('zqdel'), word('zqhid'), word('zqall')];

    const graphql = async (api: APIRequestContext, query: string, input: Record<string, unknown>) => {
      const response = await api.post('/graphql', { headers: { origin: baseURL() }, data: { query, variables: { input } } });
      const body = (await response.json()) as { data: Record<string, { reply?: { id: number } | null; errors: unknown[] }> };
      expect(Object.values(body.data)[0].errors).toEqual([]);
      return Object.values(body.data)[0];
    };
    const asAuthor = await apiAs(playwright, authorToken);
    const asModerator = await apiAs(playwright, await db.startSession(moderator.id));
    const post = async (body: string) => (await graphql(asAuthor, 'mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code } } }', { threadId, body })).reply!.id;
    const deleted = await post(`I take back ${deletedWord} and ${sharedWord}`);
    const hidden = await post(`Something rude: ${hiddenWord} and ${sharedWord}`);
    await post(`Still standing: ${sharedWord}`);
    await graphql(asAuthor, 'mutation ($input: DeleteReplyInput!) { deleteReply(input: $input) { errors { code } } }', { replyId: deleted });
    await graphql(asModerator, 'mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }', { replyId: hidden, reason: 'Rude' });
    await asAuthor.dispose();
    await asModerator.dispose();

    for (const token of [null, await db.startSession(reader.id)]) {
      const context = await browser.newContext();
      if (token) await signInWithCookie(context, token);
      const page = await context.newPage();
      for (const q of [deletedWord, hiddenWord]) {
        await page.goto(`/search?q=${q}`);
        await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(`No results for ‘${q}’`);
      }
      await page.goto(`/search?q=${sharedWord}`);
      await expect(resultsRegion(page).getByRole('heading', { level: 2 })).toHaveText(`1 result for ‘${sharedWord}’`);
      await expect(results(page)).toHaveCount(1);
      await expect(results(page)).toContainText('Still standing');
      const text = await page.getByRole('main').textContent();
      expect(text).not.toContain(deletedWord);
      expect(text).not.toContain(hiddenWord);
      await context.close();
    }
  });
});
