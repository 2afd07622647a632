import { expect, signInWithCookie, test } from './support/accounts';
import { AREAS, blockScripts, expectNoAxeViolations } from './support/site';

/*
 * "Challenge or discuss this recommendation" starts a thread tied to one recommendation (issue 5's
 * hook into discussions). It adds a thread to the seeded Emerging issues page, which other specs
 * count, so it runs in the "late" project, after all of them (playwright.config.ts).
 */
test('from a recommendation, start a thread about it with scripts blocked; the recommendation lists it', async ({ browser, db }) => {
  const person = await db.createPerson({ name: 'challenger', displayName: 'Chris Challenger' });
  const context = await browser.newContext();
  await signInWithCookie(context, await db.startSession(person.id));
  const page = await context.newPage();
  const record = await blockScripts(page);

  await page.goto('/wiki/emerging-issues');
  await page.getByRole('region', { name: AREAS[0].name }).getByRole('link', { name: 'Engage clinicians in the change process' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Engage clinicians in the change process');
  const recommendationUrl = page.url();

  await page.getByRole('link', { name: 'Challenge or discuss this recommendation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenge or discuss a recommendation');
  await expect(page.getByRole('main')).toContainText('“Engage clinicians in the change process”');
  await expectNoAxeViolations(page, 'the start-a-thread form for a recommendation');
  await page.getByRole('textbox', { name: 'Subject' }).fill('Which clinicians, and when?');
  await page.getByRole('textbox', { name: 'Text' }).fill('Engaging them late is worse than not at all.');
  await page.getByRole('button', { name: 'Start thread' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which clinicians, and when?');

  await page.goto(recommendationUrl);
  await expect(page.getByRole('region', { name: 'Discussion' }).getByRole('link', { name: 'Which clinicians, and when?' })).toBeVisible();
  expect(record.blocked.filter((path) => path.startsWith('/assets/')).length, 'blocked /assets/*.js requests').toBeGreaterThan(0);
  await context.close();
});
