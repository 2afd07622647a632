import { accountNav, expect, signInWithCookie, tabTo, test, waitForHydration } from './support/accounts';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * "Export the wiki" (issue 18): an administrator finds the page in the account navigation and
 * downloads the whole wiki as a ZIP from a plain link, by keyboard, with or without JavaScript.
 * The archive's content is checked against the database by apps/server/src/export/export.spec.ts.
 */

for (const scripts of [true, false]) {
  test.describe(scripts ? 'with JavaScript' : 'with JavaScript files blocked', () => {
    test('an administrator downloads the whole wiki from "Export the wiki"', async ({ page, db }) => {
      if (!scripts) await blockScripts(page);
      const admin = await db.createPerson({ role: 'admin' });
      await signInWithCookie(page.context(), await db.startSession(admin.id));
      await page.goto('/');
      if (scripts) await waitForHydration(page);
      await accountNav(page).getByRole('link', { name: 'Export the wiki' }).click();
      await expect(page).toHaveURL(/\/admin\/export$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Export the wiki');
      await expect(page).toHaveTitle('Export the wiki – Commonplace');
      await expectNoAxeViolations(page, 'the export page');

      const link = page.getByRole('link', { name: 'Download the whole wiki (ZIP)' });
      await tabTo(page, link, { max: 40 });
      const downloading = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^commonplace-wiki-\d{8}-\d{4}\.zip$/);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const zip = Buffer.concat(chunks);
      // A ZIP (local file header signature) that names its manifest.
      expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect(zip.includes('manifest.json')).toBe(true);
    });
  });
}

test('people who are not administrators do not get the page or the archive', async ({ page, db, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const anonymous = await api.get('/admin/export.zip', { maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
  const moderator = await db.createPerson({ role: 'moderator' });
  await signInWithCookie(page.context(), await db.startSession(moderator.id));
  await page.goto('/');
  await expect(accountNav(page).getByRole('link', { name: 'Export the wiki' })).toHaveCount(0);
  const refused = await page.goto('/admin/export');
  expect(refused?.status()).toBe(403);
  const archive = await page.request.get('/admin/export.zip');
  expect(archive.status()).toBe(403);
  await expectNoAxeViolations(page, 'the export page refused to a moderator');
  await api.dispose();
});
