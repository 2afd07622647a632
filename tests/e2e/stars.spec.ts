import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { baseURL, errorSummary, expect, signInWithCookie, tabTo, test, waitForHydration, type TestDatabase } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * Stars (issue 5): marking a recommendation as a "simple, realistic mechanism" with a reason,
 * reading who marked it and why, withdrawing, a moderator's removal; the recommendation's own page;
 * the "Only realistic mechanisms" filter; and the CSV and JSON exports.
 *
 * Other spec files count the seeded page's stars (6, each by 1 person) while this one runs, so the
 * recommendations starred here are made by the test, in an archived area that the Emerging issues
 * page does not show.
 */

/** An archived area of the test's own, with recommendations of the given texts; their ids. */
async function testRecommendations(db: TestDatabase, texts: string[]): Promise<{ areaId: number; areaTitle: string; ids: number[] }> {
  const slug = `stars-test-${randomBytes(3).toString('hex')}`;
  const areaTitle = `Stars test ${slug.slice(-6)}`;
  const [area] = await db.query<{ id: number }>(`INSERT INTO areas (slug, title, position, archived_at) VALUES ($1, $2, 1000, now()) RETURNING id`, [slug, areaTitle]);
  const ids: number[] = [];
  for (const [index, text] of texts.entries()) {
    const [row] = await db.query<{ id: number }>(`INSERT INTO recommendations (area_id, position, text, seen_at) VALUES ($1, $2, $3, now()) RETURNING id`, [area.id, index + 1, text]);
    ids.push(row.id);
  }
  return { areaId: area.id, areaTitle, ids };
}

async function open(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
}

const REASON = 'Trusts already run these reviews monthly; it needs no new money';

test.describe('marking a recommendation as a realistic mechanism', () => {
  test('with the keyboard only: mark it with a reason, read the reason in the disclosure, withdraw', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'kb-star', displayName: 'Kim Star' });
    const { ids } = await testRecommendations(db, ['Publish comparative results to every trust board']);
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, `/recommendations/${ids[0]}`);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Publish comparative results to every trust board');
    await expect(page.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);

    const reason = page.getByRole('textbox', { name: 'Why is this a simple, realistic mechanism?' });
    await tabTo(page, reason, { max: 40 });
    await page.keyboard.type(REASON);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Mark as a realistic mechanism' })).toBeFocused();
    await page.keyboard.press('Enter');

    const banner = page.getByRole('alert').filter({ hasText: 'You marked this recommendation as a realistic mechanism.' });
    await expect(banner).toBeFocused();
    await expect(page).toHaveURL(/\?updated=starred#stars$/);
    await expect(page.getByRole('img', { name: 'Realistic mechanism, marked by 1 person' })).toBeVisible();

    const summary = page.getByText('Why it is a realistic mechanism');
    await tabTo(page, summary, { max: 10 });
    await expect(page.getByRole('group').getByText(REASON)).toBeHidden();
    await page.keyboard.press('Enter');
    await expect(page.getByText(`Marked by ${person.displayName}`)).toBeVisible();
    await expect(page.getByRole('group').getByText(REASON)).toBeVisible();
    // The history says so too.
    await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem').first()).toContainText('marked as a realistic mechanism');

    await tabTo(page, page.getByRole('button', { name: 'Withdraw my mark' }), { max: 10 });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Your mark has been withdrawn.' })).toBeFocused();
    await expect(page.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem').first()).toContainText('withdrew their mark');
    expect(await db.query('SELECT 1 FROM stars WHERE recommendation_id = $1', [ids[0]])).toEqual([]);
  });

  test('with scripts blocked: the same, by keyboard, through plain forms', async ({ page, db }) => {
    const record = await blockScripts(page);
    const person = await db.createPerson({ name: 'nojs-star', displayName: 'Noa Script' });
    const { ids } = await testRecommendations(db, ['Fund a clinical safety officer in every trust']);
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, `/recommendations/${ids[0]}`);
    expect(record.blocked.length, 'script files were blocked').toBeGreaterThan(0);

    await tabTo(page, page.getByRole('textbox', { name: 'Why is this a simple, realistic mechanism?' }), { max: 40 });
    await page.keyboard.type(REASON);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?updated=starred#stars$/);
    await expect(page.getByRole('alert')).toContainText('You marked this recommendation as a realistic mechanism.');
    await expect(page.getByRole('img', { name: 'Realistic mechanism, marked by 1 person' })).toBeVisible();

    await tabTo(page, page.getByText('Why it is a realistic mechanism'), { max: 10 });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('group').getByText(REASON)).toBeVisible();

    await tabTo(page, page.getByRole('button', { name: 'Withdraw my mark' }), { max: 10 });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?updated=withdrawn#stars$/);
    await expect(page.getByRole('alert')).toContainText('Your mark has been withdrawn.');
    await expect(page.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);
  });

  test('a mark without a reason is refused with the GOV.UK error pattern; axe finds nothing in either state', async ({ page, db }) => {
    const person = await db.createPerson({ name: 'axe-star' });
    const { ids } = await testRecommendations(db, ['Share the lessons of failed projects openly']);
    await db.query(`INSERT INTO stars (recommendation_id, user_id, reason) VALUES ($1, $2, 'Costs nothing but candour')`, [ids[0], (await db.createPerson({ name: 'other-star' })).id]);
    await signInWithCookie(page.context(), await db.startSession(person.id));
    await open(page, `/recommendations/${ids[0]}`);
    await waitForHydration(page);
    await expectNoAxeViolations(page, 'a recommendation page');

    await page.getByRole('button', { name: 'Mark as a realistic mechanism' }).click();
    await expect(errorSummary(page)).toBeFocused();
    await expect(page).toHaveTitle(/^Error: /);
    const link = errorSummary(page).getByRole('link', { name: 'Enter why this is a simple, realistic mechanism' });
    await expect(link).toBeVisible();
    const reason = page.getByRole('textbox', { name: 'Why is this a simple, realistic mechanism?' });
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toHaveAccessibleDescription(/Error: Enter why this is a simple, realistic mechanism/);
    await expectNoAxeViolations(page, 'a recommendation page with an error');
    await link.click();
    await expect(reason).toBeFocused();
    expect(await db.query('SELECT 1 FROM stars WHERE recommendation_id = $1 AND user_id = $2', [ids[0], person.id])).toEqual([]);
  });

  test('a moderator removes a mark with a reason, which is logged', async ({ page, db }) => {
    const owner = await db.createPerson({ name: 'owner-star' });
    const moderator = await db.createPerson({ name: 'mod-star', role: 'moderator' });
    const { ids } = await testRecommendations(db, ['Rotate clinicians through the programme office']);
    const [star] = await db.query<{ id: number }>(`INSERT INTO stars (recommendation_id, user_id, reason) VALUES ($1, $2, 'Buy now at example.com') RETURNING id`, [ids[0], owner.id]);
    await signInWithCookie(page.context(), await db.startSession(moderator.id));
    await open(page, `/recommendations/${ids[0]}`);
    await waitForHydration(page);
    await expectNoAxeViolations(page, 'a recommendation page as a moderator');

    const remove = page.getByRole('button', { name: `Remove ${owner.username}’s mark` });
    await remove.click();
    await expect(errorSummary(page)).toContainText('Enter why you are removing this mark');
    await page.getByRole('textbox', { name: `Reason for removing ${owner.username}’s mark` }).fill('Advertising, not a reason');
    await page.getByRole('button', { name: `Remove ${owner.username}’s mark` }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The mark has been removed.' })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'History' })).toContainText(`removed ${owner.username}’s mark`);
    const audit = await db.query<{ action: string; reason: string; actor_id: number }>(`SELECT action, reason, actor_id FROM audit_entries WHERE subject_type = 'star' AND subject_id = $1`, [star.id]);
    expect(audit).toEqual([{ action: 'star.removed', reason: 'Advertising, not a reason', actor_id: moderator.id }]);
  });
});

test.describe('the recommendation page', () => {
  test('a merged recommendation redirects to the one it was merged into; an archived one says so', async ({ page, db, request }) => {
    const { ids } = await testRecommendations(db, ['Survivor of a merge', 'Merged away', 'Put away for now']);
    await db.query(`UPDATE recommendations SET status = 'merged', merged_into_id = $2 WHERE id = $1`, [ids[1], ids[0]]);
    await db.query(`UPDATE recommendations SET status = 'archived' WHERE id = $1`, [ids[2]]);
    const merged = await request.get(`/recommendations/${ids[1]}`, { maxRedirects: 0 });
    expect(merged.status()).toBe(301);
    expect(merged.headers().location).toBe(`/recommendations/${ids[0]}`);

    await open(page, `/recommendations/${ids[2]}`);
    await expect(page.getByRole('heading', { level: 2, name: 'This recommendation is archived' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mark as a realistic mechanism' })).toHaveCount(0);
    expect((await request.get('/recommendations/999999999')).status()).toBe(404);
  });

  test('each recommendation on Emerging issues links to its page, and "Only realistic mechanisms" shows only the starred ones', async ({ page, db }) => {
    await open(page, '/wiki/emerging-issues');
    await page.getByRole('link', { name: 'Benchmarking', exact: true }).click();
    await expect(page).toHaveURL(/\/recommendations\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benchmarking');
    await expect(page.getByRole('img', { name: 'Realistic mechanism, marked by 1 person' })).toBeVisible();
    // davemiller's 2008 update, one change about six recommendations, is in each one's history.
    await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem').last()).toContainText('davemiller, 14 November 2008, 10:07 — 6 recommendations marked as realistic mechanisms');

    for (const blocked of [false, true]) {
      if (blocked) await blockScripts(page);
      await open(page, '/wiki/emerging-issues');
      const starred = await db.query<{ n: number }>(
        `SELECT count(DISTINCT r.id)::int AS n FROM recommendations r JOIN areas a ON a.id = r.area_id JOIN stars s ON s.recommendation_id = r.id
         WHERE r.status = 'active' AND a.archived_at IS NULL`,
      );
      await page.getByRole('checkbox', { name: 'Only realistic mechanisms' }).check();
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page).toHaveURL(/\/wiki\/emerging-issues\?realistic=1$/);
      const items = page.getByRole('main').locator('section.area').getByRole('listitem');
      await expect(items).toHaveCount(starred[0].n);
      await expect(page.getByRole('checkbox', { name: 'Only realistic mechanisms' })).toBeChecked();
      for (const item of await items.all()) await expect(item.getByRole('img', { name: /^Realistic mechanism, marked by/ })).toHaveCount(1);
      await expectNoAxeViolations(page, `Emerging issues filtered${blocked ? ' without scripts' : ''}`);
    }
  });
});

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

interface JsonExport {
  areas: {
    id: number;
    title: string;
    archived: boolean;
    recommendations: { id: number; text: string; status: string; starCount: number; permalink: string; stars: { username: string; reason: string }[] }[];
  }[];
}

test.describe('the exports', () => {
  test('/areas.csv and /areas.json hold every area, recommendation and star in the database, with the right counts', async ({ page, db, request }) => {
    const formula = '=HYPERLINK("http://evil.example","Click")';
    const { ids, areaTitle } = await testRecommendations(db, [formula, 'Plain, with "quotes", commas\nand a line break']);
    const starrer = await db.createPerson({ name: 'export-star' });
    await db.query(`INSERT INTO stars (recommendation_id, user_id, reason) VALUES ($1, $2, '@SUM(1+1)'), ($3, $2, 'Two lines\nof reason')`, [ids[0], starrer.id, ids[1]]);

    await open(page, '/wiki/emerging-issues');
    await expect(page.getByRole('link', { name: 'Download the recommendations (CSV)' })).toHaveAttribute('href', '/areas.csv');
    await expect(page.getByRole('link', { name: 'Download the recommendations (JSON)' })).toHaveAttribute('href', '/areas.json');

    // Other spec files may change data meanwhile: read the database before and after, and compare when they agree.
    await expect(async () => {
      const snapshot = () =>
        db.query<{ id: number; area_title: string; area_archived: boolean; text: string; status: string; stars: number; starrers: string[] | null }>(
          `SELECT r.id, a.title AS area_title, a.archived_at IS NOT NULL AS area_archived, r.text, r.status,
                  count(s.id)::int AS stars, array_agg(u.username ORDER BY s.created_at, s.id) FILTER (WHERE s.id IS NOT NULL) AS starrers
           FROM recommendations r JOIN areas a ON a.id = r.area_id LEFT JOIN stars s ON s.recommendation_id = r.id LEFT JOIN users u ON u.id = s.user_id
           GROUP BY r.id, a.id ORDER BY r.id`,
        );
      const before = await snapshot();
      const csvResponse = await request.get('/areas.csv');
      const jsonResponse = await request.get('/areas.json');
      const graphql = await request.post('/graphql', {
        headers: { origin: baseURL() },
        data: { query: '{ recommendationExport { title archivedAt exportRecommendations { id starCount stars { user { username } } } } }' },
      });
      const after = await snapshot();
      expect(after).toEqual(before);

      expect(csvResponse.status()).toBe(200);
      expect(csvResponse.headers()['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csvResponse.headers()['content-disposition']).toMatch(/^attachment; filename="commonplace-recommendations-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(jsonResponse.headers()['content-type']).toMatch(/^application\/json/);
      expect(jsonResponse.headers()['content-disposition']).toMatch(/^attachment; filename="commonplace-recommendations-\d{4}-\d{2}-\d{2}\.json"$/);

      const rows = parseCsv(await csvResponse.text());
      const [header, ...body] = rows;
      expect(header).toEqual(['area_position', 'area', 'area_slug', 'area_archived', 'recommendation_id', 'position', 'text', 'status', 'merged_into_id', 'star_count', 'starred_by', 'reasons', 'permalink']);
      const csv = new Map(body.filter((row) => row[4] !== '').map((row) => [Number(row[4]), row]));
      const json = (await jsonResponse.json()) as JsonExport;
      const jsonRecommendations = new Map(json.areas.flatMap((area) => area.recommendations.map((r) => [r.id, { ...r, area }] as const)));
      const fromGraphql = new Map(
        ((await graphql.json()) as { data: { recommendationExport: { exportRecommendations: { id: number; starCount: number; stars: { user: { username: string } }[] }[] }[] } }).data.recommendationExport.flatMap(
          (area) => area.exportRecommendations.map((r) => [r.id, r] as const),
        ),
      );

      expect([...csv.keys()].sort((a, b) => a - b)).toEqual(before.map((r) => r.id));
      expect([...jsonRecommendations.keys()].sort((a, b) => a - b)).toEqual(before.map((r) => r.id));
      expect([...fromGraphql.keys()].sort((a, b) => a - b)).toEqual(before.map((r) => r.id));
      for (const record of before) {
        const row = csv.get(record.id)!;
        const starrers = record.starrers ?? [];
        expect(row[9], `CSV star count of ${record.id}`).toBe(String(record.stars));
        expect(row[10] === '' ? [] : row[10].split('; ')).toEqual(starrers);
        expect(row[1]).toBe(record.area_title.replace(/^([=+\-@])/, "'$1"));
        expect(row[3]).toBe(record.area_archived ? 'yes' : 'no');
        expect(row[7]).toBe(record.status);
        expect(row[12]).toBe(`${baseURL()}/recommendations/${record.id}`);
        const exported = jsonRecommendations.get(record.id)!;
        expect(exported.text).toBe(record.text);
        expect(exported.starCount).toBe(record.stars);
        expect(exported.stars.map((star) => star.username)).toEqual(starrers);
        expect(exported.area.archived).toBe(record.area_archived);
        expect(fromGraphql.get(record.id)!.starCount).toBe(record.stars);
        expect(fromGraphql.get(record.id)!.stars.map((star) => star.user.username)).toEqual(starrers);
      }
      const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM stars');
      expect([...csv.values()].reduce((sum, row) => sum + Number(row[9]), 0)).toBe(total[0].n);
      expect(json.areas.reduce((sum, area) => sum + area.recommendations.reduce((s, r) => s + r.stars.length, 0), 0)).toBe(total[0].n);
      const areaCount = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM areas');
      expect(json.areas).toHaveLength(areaCount[0].n);

      // A cell a spreadsheet would run as a formula is made text; the JSON keeps the words as they are.
      expect(csv.get(ids[0])![6]).toBe(`'${formula}`);
      expect(csv.get(ids[0])![11]).toBe(`${starrer.username}: @SUM(1+1)`);
      expect(csv.get(ids[1])![6]).toBe('Plain, with "quotes", commas\nand a line break');
      expect(csv.get(ids[1])![11]).toBe(`${starrer.username}: Two lines\nof reason`);
      expect(csv.get(ids[0])![1]).toBe(areaTitle);
      expect(jsonRecommendations.get(ids[0])!.text).toBe(formula);
      expect(jsonRecommendations.get(ids[0])!.stars[0].reason).toBe('@SUM(1+1)');
    }).toPass({ timeout: 20_000 });
  });
});

test('an area page filters to its realistic mechanisms, each with its star, with scripts blocked', async ({ page }) => {
  const record = await blockScripts(page);
  // The first seeded area that has a starred recommendation, found as a reader would.
  await page.goto('/wiki/emerging-issues');
  const starredArea = page.getByRole('region').filter({ has: page.getByRole('img', { name: /^Realistic mechanism, marked by/ }) }).first();
  const areaTitle = (await starredArea.getByRole('heading', { level: 2 }).textContent())!.trim();
  const starredHere = await starredArea.getByRole('img', { name: /^Realistic mechanism, marked by/ }).count();
  const allHere = await starredArea.getByRole('listitem').count();

  await page.goto('/areas');
  await page.getByRole('link', { name: areaTitle, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(areaTitle);
  await expect(page.getByRole('img', { name: /^Realistic mechanism, marked by/ })).toHaveCount(starredHere);

  await page.getByRole('checkbox', { name: 'Only realistic mechanisms' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/realistic=1/);
  await expect(page.getByRole('main')).toContainText(`marked as realistic mechanisms, of ${allHere}`);
  const items = page.locator('.curated-list > li');
  await expect(items).toHaveCount(starredHere);
  for (const item of await items.all()) await expect(item.getByRole('img', { name: /^Realistic mechanism, marked by/ })).toHaveCount(1);
  await expectNoAxeViolations(page, 'an area filtered to its realistic mechanisms');
  expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
});
