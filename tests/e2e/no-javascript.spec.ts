import { expect, test } from '@playwright/test';
import { AREAS, blockScripts, expectNoAxeViolations, THREAD_SUBJECTS, THREAD_WITH_REPLY, threadTable, TOTAL_RECOMMENDATIONS } from './support/site';

/*
 * Every page must work as the server sends it, before (or without) any JavaScript: scripts are
 * blocked by aborting every .js request. (Inline scripts still run; nothing they do renders content.)
 * javaScriptEnabled:false is not used because axe itself needs to run in the page.
 */
test.describe('with JavaScript files blocked', () => {
  let record: { blocked: string[] };

  test.beforeEach(async ({ page }) => {
    record = await blockScripts(page);
  });

  test.afterEach(async () => {
    // Proves the page really asked for its scripts and did not get them.
    expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  });

  test('the home page shows its areas, featured pages and recent threads', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Commonplace');
    await expect(page.getByRole('region', { name: 'Recommendation areas' }).getByRole('listitem')).toHaveCount(5);
    await expect(page.getByRole('region', { name: 'Featured pages' }).getByRole('link')).toHaveText(['Emerging issues', 'Reading list']);
    await expect(page.getByRole('region', { name: 'Recent threads' }).locator('a[href^="/threads/"]')).toHaveText(THREAD_SUBJECTS);
    await expectNoAxeViolations(page, 'the home page without JavaScript');
  });

  test('Emerging issues shows its headings, 34 recommendations and the thread table', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emerging issues');
    let total = 0;
    for (const area of AREAS) {
      await expect(page.getByRole('heading', { level: 2, name: area.name })).toBeVisible();
      const items = page.getByRole('region', { name: area.name }).getByRole('listitem');
      await expect(items).toHaveCount(area.count);
      total += await items.count();
    }
    expect(total).toBe(TOTAL_RECOMMENDATIONS);
    await expect(page.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(6);
    const table = threadTable(page);
    await expect(table.getByRole('columnheader')).toHaveText(['Started by', 'Subject', 'Replies', 'Last post']);
    await expect(table.locator('a[href^="/threads/"]')).toHaveText(THREAD_SUBJECTS);
    await expect(page.getByRole('complementary', { name: 'About this page' })).toContainText('Latest page update: made by davemiller');
    await expectNoAxeViolations(page, 'Emerging issues without JavaScript');
  });

  test('the disclosures on Emerging issues still open from the keyboard', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    const benchmarking = page.getByRole('listitem').filter({ has: page.getByText('Benchmarking', { exact: true }) });
    const summary = benchmarking.getByText('Why it is a realistic mechanism');
    await expect(benchmarking.getByText(/Marked by davemiller/)).toBeHidden();
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(benchmarking.getByRole('group')).toHaveAttribute('open');
    await expect(benchmarking.getByText(/Marked by davemiller/)).toBeVisible();
  });

  test('Reading list shows its references with DOI links', async ({ page }) => {
    await page.goto('/wiki/reading-list');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reading list');
    await expect(page.getByRole('heading', { name: 'Electronic health records in hospitals' })).toBeVisible();
    await expect(page.getByRole('link', { name: '10.1136/bmj.d6054' })).toHaveAttribute('href', 'https://doi.org/10.1136/bmj.d6054');
    await expect(page.getByRole('link', { name: '10.3310/hsdr02390' })).toHaveAttribute('href', 'https://doi.org/10.3310/hsdr02390');
    await expect(page.getByRole('link', { name: '10.1136/bmj.39195.598461.551' })).toHaveAttribute('href', 'https://doi.org/10.1136/bmj.39195.598461.551');
    await expectNoAxeViolations(page, 'Reading list without JavaScript');
  });

  test('a thread opens from its page and shows its posts', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    await threadTable(page).getByRole('link', { name: THREAD_WITH_REPLY, exact: true }).click();
    await expect(page).toHaveURL(/\/threads\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(THREAD_WITH_REPLY);
    await expect(page.getByRole('heading', { level: 3, name: 'Reply 1 of 1, by hadleyac' })).toBeVisible();
    await expect(page.getByText('Reply to davemiller’s opening post of 14 November 2008', { exact: true })).toBeVisible();
    await expect(page.getByText(/text of this reply was not kept/)).toBeVisible();
    await expectNoAxeViolations(page, 'the thread page without JavaScript');
  });

  test('the 404 page says the page was not found, with status 404', async ({ page }) => {
    const response = await page.goto('/no-such-place');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: 'go to the home page' })).toHaveAttribute('href', '/');
    await expectNoAxeViolations(page, 'the 404 page without JavaScript');
  });
});
