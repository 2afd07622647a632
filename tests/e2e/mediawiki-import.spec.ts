import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { accountNav, expect, signInWithCookie, type TestDatabase, waitForHydration } from './support/accounts';
import { mailTest } from './support/mail';
import { mailSiteDatabase } from './support/mail-site-database';
import { blockScripts, expectNoAxeViolations } from './support/site';

/*
 * "Import from MediaWiki" (issue 18 item 5): an administrator uploads a dump on /admin/import, with
 * and without JavaScript, follows its progress and reads the finished report; a file that is not a
 * dump is refused at the field. What the import brings in is checked by
 * apps/server/src/mediawiki/mediawiki-import.spec.ts; the run record by mediawiki-import-page.spec.ts.
 */

const FIXTURE = path.resolve(__dirname, '../../apps/server/src/mediawiki/fixtures/peer-wiki.xml.gz');
const PAGES = 40;

/**
 * The real fixture dump cut to its first PAGES content pages, under a wiki name and titles of this
 * run's own: each upload is a fresh import (not a continued one), and a short one.
 */
function dumpOfThisRun(tag: string): Buffer {
  const xml = gunzipSync(readFileSync(FIXTURE)).toString('utf8');
  const head = xml.slice(0, xml.indexOf('<page>'));
  const pages = xml
    .split('<page>')
    .slice(1)
    .map((page) => `<page>${page.replace(/<\/mediawiki>\s*$/, '')}`)
    .filter((page) => page.includes('<ns>0</ns>') && !page.includes('<redirect '))
    .slice(0, PAGES)
    .map((page) => page.replace(/<title>(.*?)<\/title>/, `<title>${tag} $1</title>`));
  return gzipSync(`${head.replace(/<dbname>[^<]*<\/dbname>/, `<dbname>${tag}</dbname>`)}${pages.join('')}</mediawiki>\n`);
}

/**
 * On a server and database of their own (the one support/mail.ts starts; its mail goes unused): an
 * import adds pages dated when the dump was made, which would crowd the suite's shared recent
 * changes and search results that other specs read.
 */
const test = mailTest.extend<{ db: TestDatabase }>({
  baseURL: async ({ mailSite }, use) => use(mailSite.baseURL),
  db: async ({ mailSite }, use) => {
    void mailSite;
    const db = mailSiteDatabase();
    try {
      await use(db);
    } finally {
      await db.pool.end();
    }
  },
});

test.describe.configure({ mode: 'serial' });

for (const scripts of [false, true]) {
  test(`an administrator uploads a dump ${scripts ? 'with JavaScript' : 'with JavaScript files blocked'}, follows its progress and reads the report`, async ({ page, db }) => {
    test.setTimeout(180_000);
    if (!scripts) await blockScripts(page);
    const admin = await db.createPerson({ role: 'admin' });
    await signInWithCookie(page.context(), await db.startSession(admin.id));
    await page.goto('/');
    if (scripts) await waitForHydration(page);
    await accountNav(page).getByRole('link', { name: 'Import from MediaWiki' }).click();
    await expect(page).toHaveURL(/\/admin\/import$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import from MediaWiki');
    if (!scripts) await expectNoAxeViolations(page, 'the import form');

    const tag = `E2e${Date.now().toString(36)}${scripts ? 'js' : 'plain'}`;
    await page.getByLabel('MediaWiki dump').setInputFiles({ name: `${tag}.xml.gz`, mimeType: 'application/gzip', buffer: dumpOfThisRun(tag) });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await expect(page).toHaveURL(/\/admin\/import$/);

    const latest = page.getByRole('region', { name: 'Latest import' });
    const finished = latest.getByText(`Finished importing ${tag}.xml.gz`);
    const progress = latest.getByText(new RegExp(`^(Imported \\d+ of ${PAGES} pages \\(\\d+%\\) from|Checking) ${tag}\\.xml\\.gz`));
    // Straight after the upload: its progress, or (on a quick machine) already the end.
    await expect(progress.or(finished)).toBeVisible();
    if (scripts) {
      // The page asks for progress by itself: no reload, and the end is announced in the live region.
      if (await progress.isVisible()) {
        await expect(finished).toBeVisible({ timeout: 120_000 });
        await expect(page.getByRole('status')).toHaveText('The import has finished. Its report is below.');
      }
    } else {
      await expect(async () => {
        if (await finished.isVisible()) return;
        await latest.getByRole('link', { name: 'Refresh progress' }).click();
        await expect(finished).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 120_000, intervals: [2_000] });
    }
    await expect(latest).toContainText(`${PAGES} of ${PAGES} pages of the dump read`);
    await expect(latest.getByRole('heading', { level: 2, name: /^Import of Peer Wiki/ })).toHaveCount(0);
    await expect(latest.getByRole('heading', { level: 3, name: `Import of Peer Wiki (${tag}) from MediaWiki` })).toBeVisible();
    await expect(latest.getByRole('heading', { level: 4, name: 'Not imported' })).toBeVisible();
    await expect(latest.getByRole('listitem').filter({ hasText: `Pages: ${PAGES} with ` })).toBeVisible();

    const downloading = page.waitForEvent('download');
    await latest.getByRole('link', { name: 'Download the import report (Markdown)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^mediawiki-import-\d+\.md$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toContain(`# Import of Peer Wiki (${tag}) from MediaWiki`);

    if (!scripts) await expectNoAxeViolations(page, 'the finished import and its report');
    // An imported page is there with its history.
    await page.goto(`/wiki/${tag.toLowerCase()}-collaborative-archives`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${tag} Collaborative archives`);
  });
}

test('a file that is not a MediaWiki dump is refused at the field, saying why', async ({ page, db }) => {
  test.setTimeout(60_000);
  const admin = await db.createPerson({ role: 'admin' });
  await signInWithCookie(page.context(), await db.startSession(admin.id));
  await page.goto('/admin/import');
  await waitForHydration(page);
  await page.getByLabel('MediaWiki dump').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Meeting notes, not a wiki.\n') });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page).toHaveURL(/\/admin\/import\?error=not-a-dump$/);
  await expect(page).toHaveTitle('Error: Import from MediaWiki – Commonplace');
  const summary = page.getByRole('heading', { name: 'There is a problem' });
  await expect(summary).toBeVisible();
  const line = /^The dump is not well-formed XML at line \d+, column \d+: .* Export it again/;
  await expect(page.getByRole('link', { name: line })).toBeVisible();
  await expect(page.getByLabel('MediaWiki dump')).toHaveAccessibleDescription(/Error: The dump is not well-formed XML/);
  await expectNoAxeViolations(page, 'the import form with its error');

  // With no file chosen at all.
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('link', { name: 'Choose a MediaWiki dump (.xml or .xml.gz) to upload' })).toBeVisible();
  await page.getByRole('link', { name: 'Choose a MediaWiki dump (.xml or .xml.gz) to upload' }).click();
  await expect(page.getByLabel('MediaWiki dump')).toBeFocused();
});
