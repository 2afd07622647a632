import { expect, test } from '@playwright/test';
import { AREAS, THREAD_SUBJECTS } from './support/site';

test.describe('the home page', () => {
  test.beforeEach(async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
  });

  test('has one h1 and a title naming the site', async ({ page }) => {
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveCount(1);
    await expect(h1).toHaveText('Commonplace');
    await expect(page).toHaveTitle(/Commonplace/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
  });

  test('lists the five recommendation areas with their recommendation counts', async ({ page }) => {
    const areas = page.getByRole('region', { name: 'Recommendation areas' });
    const items = areas.getByRole('listitem');
    await expect(items).toHaveCount(5);
    for (const [index, area] of AREAS.entries()) {
      const item = items.nth(index);
      await expect(item.getByRole('link', { name: area.name })).toHaveAttribute('href', /^\/wiki\/emerging-issues#area-/);
      await expect(item).toContainText(`(${area.count} recommendations)`);
    }
  });

  test('an area link leads to that area on the Emerging issues page', async ({ page }) => {
    await page.getByRole('region', { name: 'Recommendation areas' }).getByRole('link', { name: 'Encouraging local ownership' }).click();
    await expect(page).toHaveURL(/\/wiki\/emerging-issues#area-/);
    await expect(page.getByRole('heading', { level: 2, name: 'Encouraging local ownership' })).toBeInViewport();
  });

  test('features the Emerging issues and Reading list pages', async ({ page }) => {
    const featured = page.getByRole('region', { name: 'Featured pages' });
    await expect(featured.getByRole('link', { name: 'Emerging issues', exact: true })).toHaveAttribute('href', '/wiki/emerging-issues');
    await expect(featured.getByRole('link', { name: 'Reading list', exact: true })).toHaveAttribute('href', '/wiki/reading-list');
  });

  test('links the recent threads, which open', async ({ page }) => {
    const recent = page.getByRole('region', { name: 'Recent threads' });
    // Each item links its thread (and, since profiles exist, the last poster's name too).
    const links = recent.getByRole('listitem').locator('a[href^="/threads/"]');
    await expect(links).toHaveText(THREAD_SUBJECTS);
    for (const link of await links.all()) await expect(link).toHaveAttribute('href', /^\/threads\/\d+$/);
    await expect(recent.getByRole('listitem').nth(1)).toContainText('on Emerging issues, 1 reply, last post 17 November 2008, 12:10 by hadleyac');
    await links.nth(1).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(THREAD_SUBJECTS[1]);
  });
});
