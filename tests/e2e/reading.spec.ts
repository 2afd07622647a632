import { expect, test } from '@playwright/test';
import { AREAS, THREAD_SUBJECTS, TOTAL_RECOMMENDATIONS, threadTable } from './support/site';

const REASON = 'I have marked bullets with * where I believe there are simple, realistic mechanisms';

test.describe('reading the Emerging issues page', () => {
  test.beforeEach(async ({ page }) => {
    const response = await page.goto('/wiki/emerging-issues');
    expect(response?.status()).toBe(200);
  });

  test('is an English (UK) page titled after the page and the site, with one h1', async ({ page }) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
    await expect(page).toHaveTitle(/Emerging issues/);
    await expect(page).toHaveTitle(/Commonplace/);
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveCount(1);
    await expect(h1).toHaveText('Emerging issues');
  });

  test('shows the five recommendation areas as level 2 headings, in order', async ({ page }) => {
    for (const area of AREAS) {
      await expect(page.getByRole('heading', { level: 2, name: area.name })).toHaveCount(1);
    }
    // The page starts with the five areas, in the order of the 2008 wiki, and ends with the discussion.
    const headings = await page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings.length).toBeGreaterThanOrEqual(6);
    AREAS.forEach((area, index) => {
      if (typeof area.name === 'string') expect(headings[index]).toBe(area.name);
      else expect(headings[index]).toMatch(area.name);
    });
    expect(headings[headings.length - 1]).toBe('Discussion');
  });

  test('lists 8, 6, 9, 5 and 6 recommendations in the area regions, 34 in all', async ({ page }) => {
    let total = 0;
    for (const area of AREAS) {
      const region = page.getByRole('region', { name: area.name });
      await expect(region, `region "${area.label}"`).toHaveCount(1);
      await expect(region.getByRole('listitem'), `recommendations in "${area.label}"`).toHaveCount(area.count);
      total += await region.getByRole('listitem').count();
    }
    expect(total).toBe(TOTAL_RECOMMENDATIONS);
    await expect(page.getByRole('region', { name: AREAS[0].name }).getByRole('listitem').first()).toHaveText('Engage clinicians in the change process');
  });

  test('marks exactly six recommendations as realistic mechanisms with a named star', async ({ page }) => {
    const stars = page.getByRole('img', { name: /^Realistic mechanism/ });
    await expect(stars).toHaveCount(6);
    for (const star of await stars.all()) {
      await expect(star).toBeVisible();
      await expect(star).toHaveAccessibleName('Realistic mechanism, marked by 1 person');
    }
    // The star belongs to "Benchmarking", among others.
    const benchmarking = page.getByRole('listitem').filter({ has: page.getByText('Benchmarking', { exact: true }) });
    await expect(benchmarking.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(1);
  });

  test('opens the "Benchmarking" disclosure from the keyboard to show who marked it and why', async ({ page }) => {
    const benchmarking = page.getByRole('listitem').filter({ has: page.getByText('Benchmarking', { exact: true }) });
    await expect(benchmarking).toHaveCount(1);
    const disclosure = benchmarking.getByRole('group');
    const summary = benchmarking.getByText('Why it is a realistic mechanism');
    const reason = benchmarking.getByText(REASON);

    await expect(summary).toBeVisible();
    await expect(disclosure).not.toHaveAttribute('open');
    await expect(reason).toBeHidden();

    await summary.focus();
    await expect(summary).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(disclosure).toHaveAttribute('open');
    await expect(reason).toBeVisible();
    await expect(benchmarking.getByText(/Marked by davemiller on 14 November 2008, 10:07/)).toBeVisible();
    await expect(benchmarking.locator('time[datetime="2008-11-14T10:07:00.000Z"]')).toBeVisible();

    // And closes again the same way.
    await page.keyboard.press('Enter');
    await expect(disclosure).not.toHaveAttribute('open');
    await expect(reason).toBeHidden();
  });

  test('says who made the latest update and what it did, and shows the keyword tag', async ({ page }) => {
    const about = page.getByRole('complementary', { name: 'About this page' });
    await expect(about).toContainText('Latest page update: made by davemiller');
    await expect(about).toContainText('6 recommendations marked as realistic mechanisms');
    await expect(about).toContainText('Keyword tags:');
    await expect(about.getByText('issues', { exact: true })).toBeVisible();
  });

  test('lists the three threads in a captioned table', async ({ page }) => {
    const table = threadTable(page);
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveText(['Started by', 'Subject', 'Replies', 'Last post']);
    const bodyRows = table.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(bodyRows).toHaveCount(3);
    await expect(table.locator('a[href^="/threads/"]')).toHaveText(THREAD_SUBJECTS);
    for (const [index, subject] of THREAD_SUBJECTS.entries()) {
      await expect(bodyRows.nth(index).getByRole('cell').nth(1)).toHaveText(subject);
      await expect(bodyRows.nth(index).getByRole('link', { name: subject })).toHaveAttribute('href', /^\/threads\/\d+$/);
    }
    await expect(bodyRows.nth(1).getByRole('cell')).toHaveText(['davemiller', THREAD_SUBJECTS[1], '1', /17 November 2008, 12:10 by hadleyac/]);
  });

  test('marks every date up as a <time> with a machine-readable datetime', async ({ page }) => {
    const main = page.getByRole('main');
    const times = main.locator('time');
    expect(await times.count()).toBeGreaterThanOrEqual(9);
    const problems = await main.evaluate((root) => {
      const found: string[] = [];
      for (const time of Array.from(root.querySelectorAll('time'))) {
        const value = time.getAttribute('datetime');
        if (!value || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
          found.push(`<time> "${time.textContent}" has datetime "${value}"`);
        }
      }
      // Every date a reader sees ("14 November 2008") must be inside such a <time>.
      const datePattern = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (datePattern.test(node.textContent ?? '') && !node.parentElement?.closest('time[datetime]')) {
          found.push(`date outside <time>: "${node.textContent?.trim()}"`);
        }
      }
      return found;
    });
    expect(problems).toEqual([]);
    await expect(threadTable(page).locator('time').first()).toHaveAttribute('datetime', '2008-11-17T12:28:00.000Z');
    await expect(threadTable(page).locator('time').first()).toHaveText('17 November 2008, 12:28');
  });
});
