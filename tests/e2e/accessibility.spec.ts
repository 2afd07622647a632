import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScrolling, openThreadFromEmergingIssues } from './support/site';

interface PageUnderTest {
  name: string;
  open(page: Page): Promise<void>;
}

async function openAndExpectOk(page: Page, path: string, heading: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
}

const PAGES: PageUnderTest[] = [
  { name: 'the home page', open: (page) => openAndExpectOk(page, '/', 'Commonplace') },
  { name: 'Emerging issues', open: (page) => openAndExpectOk(page, '/wiki/emerging-issues', 'Emerging issues') },
  { name: 'Reading list', open: (page) => openAndExpectOk(page, '/wiki/reading-list', 'Reading list') },
  { name: 'the thread page', open: openThreadFromEmergingIssues },
  {
    name: 'the 404 page',
    open: async (page) => {
      const response = await page.goto('/no-such-place');
      expect(response?.status(), 'status of /no-such-place').toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    },
  },
  {
    name: 'a wiki address with no page yet',
    open: async (page) => {
      const response = await page.goto('/wiki/no-such-page');
      expect(response?.status(), 'status of /wiki/no-such-page').toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no page called “No such page” yet');
    },
  },
];

/**
 * Opens every "Why it is a realistic mechanism" disclosure from the keyboard, so hidden content is
 * checked too; the last one keeps focus, so its focused style is checked as well.
 */
async function openAllDisclosures(page: Page): Promise<void> {
  const summaries = page.getByRole('main').getByText('Why it is a realistic mechanism');
  const total = await summaries.count();
  expect(total).toBe(6);
  for (let i = 0; i < total; i++) {
    await summaries.nth(i).focus();
    await page.keyboard.press('Enter');
  }
  await expect(summaries.last()).toBeFocused();
  await expect(page.getByRole('main').getByRole('group').and(page.locator('[open]'))).toHaveCount(6);
}

for (const pageUnderTest of PAGES) {
  test.describe(pageUnderTest.name, () => {
    test('has no WCAG 2.2 A/AA violations found by axe', async ({ page }) => {
      await pageUnderTest.open(page);
      await expectNoAxeViolations(page, pageUnderTest.name);
    });

    test('reflows without horizontal scrolling at 320 CSS px wide', async ({ page }) => {
      await page.setViewportSize({ width: 320, height: 640 });
      await pageUnderTest.open(page);
      await expectNoHorizontalScrolling(page, `${pageUnderTest.name} at 320 px`);
    });

    test('reflows without horizontal scrolling at 1280 px wide zoomed to 200% (640 CSS px)', async ({ page }) => {
      await page.setViewportSize({ width: 640, height: 400 });
      await pageUnderTest.open(page);
      await expectNoHorizontalScrolling(page, `${pageUnderTest.name} at 200% zoom`);
    });
  });
}

test.describe('Emerging issues with every disclosure opened from the keyboard', () => {
  test('has no WCAG 2.2 A/AA violations found by axe', async ({ page }) => {
    await page.goto('/wiki/emerging-issues');
    await openAllDisclosures(page);
    await expectNoAxeViolations(page, 'Emerging issues with disclosures open');
  });

  test('reflows without horizontal scrolling at 320 CSS px wide', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/wiki/emerging-issues');
    await openAllDisclosures(page);
    await expectNoHorizontalScrolling(page, 'Emerging issues with disclosures open at 320 px');
  });
});
