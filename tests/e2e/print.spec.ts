import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AREAS, openThreadFromEmergingIssues, TOTAL_RECOMMENDATIONS } from './support/site';

/*
 * Paper (issue 17): a moderator prints "Emerging issues" and a thread as a board paper. With print
 * media emulated, what only works on a screen (navigation, search, forms, buttons, live updates) is
 * gone; the recommendations, every star with its reasons and each reply's "Reply to …" line are
 * there; and Chromium's own PDF of the page has pages.
 */

/** Navigation, every form and every button (the live-update strip's among them) are absent from the paper. */
async function expectScreenOnlyPartsHidden(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeHidden();
  await expect(page.getByRole('search', { name: 'Site' })).toBeHidden();
  const forms = await page.locator('form').all();
  for (const form of forms) await expect(form).toBeHidden();
  const buttons = await page.getByRole('button').all();
  for (const button of buttons) await expect(button).toBeHidden();
  await expect(page.locator('[data-live]')).toBeHidden();
}

/** The PDF's page count: Chromium writes one `/Type /Page` object per page. */
function pdfPageCount(path: string): number {
  return readFileSync(path, 'latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** What the stylesheet prints after a link: its address, or nothing. */
async function addressPrintedAfter(link: Locator): Promise<string> {
  return link.evaluate((element) => getComputedStyle(element, '::after').content);
}

// Rendering a long page to PDF takes Chromium seconds of CPU on its own; on a busy 2-core machine
// the first test ran past 30 s (at load 23) while asserting nothing slow. Each test gets 90 s.
test.describe.configure({ timeout: 90_000 });

test('"Emerging issues" on paper: no navigation or forms; every recommendation, star and reason; links with their addresses', async ({ page }, testInfo) => {
  await page.goto('/wiki/emerging-issues');
  // Something on screen to lose, so its absence on paper means something.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('group').filter({ hasText: 'Marked by' }).first()).toBeVisible();
  await expect(page.getByText(/^Marked by /).first()).toBeHidden();

  await page.emulateMedia({ media: 'print' });
  await expectScreenOnlyPartsHidden(page);
  await expect(page.getByRole('checkbox', { name: 'Only realistic mechanisms' })).toBeHidden();

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Emerging issues');
  for (const area of AREAS) await expect(main.getByRole('heading', { level: 2, name: area.name })).toBeVisible();
  const recommendations = main.locator('a[href^="/recommendations/"]');
  await expect(recommendations).toHaveCount(TOTAL_RECOMMENDATIONS);
  for (const recommendation of await recommendations.all()) await expect(recommendation).toBeVisible();

  // Six stars, each with its reasons shown although no disclosure was opened.
  const stars = main.getByRole('img', { name: /^Realistic mechanism, marked by/ });
  await expect(stars).toHaveCount(6);
  for (const star of await stars.all()) await expect(star).toBeVisible();
  const reasons = main.getByText(/^Marked by .+ on .+: “.+”$/);
  expect(await reasons.count()).toBeGreaterThanOrEqual(6);
  for (const reason of await reasons.all()) await expect(reason).toBeVisible();

  // A link is followed by where it leads; a link within the page is not.
  const first = recommendations.first();
  const href = await first.getAttribute('href');
  expect(await addressPrintedAfter(first)).toBe(`" (${href})"`);

  const pdf = testInfo.outputPath('emerging-issues.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const pages = pdfPageCount(pdf);
  console.log(`Emerging issues printed to ${pdf}: ${pages} pages`);
  expect(pages).toBeGreaterThanOrEqual(2);
});

test('a thread on paper: no navigation, forms or live updates; each reply says whom it answers', async ({ page }, testInfo) => {
  await openThreadFromEmergingIssues(page);
  // The thread has a live-update strip on screen, for the paper to leave off.
  await expect(page.locator('[data-live]')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expectScreenOnlyPartsHidden(page);
  await expect(page.getByRole('heading', { name: 'Reply to the thread' })).toBeHidden();
  await expect(page.getByText('Do you find this valuable?').first()).toBeHidden();

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name: /^Opening post, by / })).toBeVisible();
  const replies = main.getByRole('heading', { level: 3, name: /^Reply \d+ of \d+, by / });
  expect(await replies.count()).toBeGreaterThanOrEqual(1);
  const answers = main.getByRole('link', { name: /^Reply to .+(’s opening post of |, )\d/ });
  await expect(answers).toHaveCount(await replies.count());
  for (const answer of await answers.all()) await expect(answer).toBeVisible();
  await expect(answers.first()).toContainText('’s opening post of');
  // "Reply to …" leads within the page, so no address follows it.
  expect(await answers.first().getAttribute('href')).toMatch(/^#/);
  expect(await addressPrintedAfter(answers.first())).toBe('none');

  const pdf = testInfo.outputPath('thread.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const pages = pdfPageCount(pdf);
  console.log(`The thread printed to ${pdf}: ${pages} page(s)`);
  expect(pages).toBeGreaterThanOrEqual(1);
});
