import type { Page } from '@playwright/test';
import exifr from 'exifr';
import sharp from 'sharp';
import { baseURL, errorSummary, expect, signInWithCookie, test } from './support/accounts';
import { blockScripts, expectNoAxeViolations, expectNoHorizontalScrolling, postTextBox } from './support/site';
import { createPage, pageText, uniqueTitle } from './support/wiki';

/*
 * Images and files in pages (issue 15): an image goes in only with a description or the decorative
 * choice, made at upload; no location leaves the server in any size served; a page of images never
 * scrolls sideways at 320 px; web pages and scripted drawings dressed up as images are refused.
 */

/** A photograph with the place it was taken (GPS) in its EXIF, as phones make them. */
async function gpsPhoto(width: number, height: number, colour: string): Promise<Buffer> {
  const photo = await sharp({ create: { width, height, channels: 3, background: colour } })
    .withExif({ IFD0: { Make: 'Test camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .jpeg()
    .toBuffer();
  expect(await exifr.gps(photo)).toMatchObject({ latitude: 51.5 });
  return photo;
}

async function openUploads(page: Page): Promise<void> {
  const details = page.locator('details.file-upload');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await page.getByText('Add images or files').click();
}

/** Every copy the page's images offer (src and srcset) carries no EXIF at all, so no location. */
async function expectNoLocationServed(page: Page): Promise<number> {
  const urls = await page.locator('main figure img').evaluateAll((images) =>
    images.flatMap((image) => [(image as HTMLImageElement).getAttribute('src')!, ...((image as HTMLImageElement).getAttribute('srcset') ?? '').split(',').map((part) => part.trim().split(' ')[0])]).filter(Boolean),
  );
  for (const url of new Set(urls)) {
    const response = await page.request.get(url);
    expect(response.status()).toBe(200);
    const bytes = await response.body();
    expect((await sharp(bytes).metadata()).exif, url).toBeUndefined();
    expect(await exifr.gps(bytes).catch(() => undefined), url).toBeUndefined();
  }
  return new Set(urls).size;
}

for (const javaScript of [true, false]) {
  test(`${javaScript ? 'with' : 'without'} JavaScript: an image needs a description or the decorative choice, and shows with it`, async ({ page, db, playwright }) => {
    test.setTimeout(90_000);
    if (!javaScript) await blockScripts(page);
    const person = await db.createPerson({ name: javaScript ? 'files-js' : 'files-nojs', displayName: 'Fay Files' });
    const token = await db.startSession(person.id);
    await signInWithCookie(page.context(), token);
    const title = uniqueTitle('Workshop photos');
    const slug = await createPage(playwright, token, title, 'What the second workshop made.');
    const colour = javaScript ? '#2a6041' : '#7a3b69';

    await page.goto(`/wiki/${slug}/edit`);
    await pageText(page).fill('What the second workshop made, with my notes.');
    await openUploads(page);
    await expectNoAxeViolations(page, 'the page editor with its upload control');

    await test.step('without a description: refused at the field, the text kept', async () => {
      await page.getByLabel('File 1', { exact: true }).setInputFiles({ name: 'flipchart.jpg', mimeType: 'image/jpeg', buffer: await gpsPhoto(1600, 1200, colour) });
      await page.getByRole('button', { name: 'Upload and add to the text' }).click();
      await expect(errorSummary(page).getByRole('link')).toHaveText(['Describe the image for people who cannot see it, or mark it as decorative (flipchart.jpg)']);
      await expect(page.getByRole('textbox', { name: 'Description of image 1, or link text for a document' })).toHaveAccessibleDescription(/Error: Describe the image/);
      await expect(pageText(page)).toHaveValue('What the second workshop made, with my notes.');
      await expectNoAxeViolations(page, 'the page editor refusing an image without a description');
    });

    await test.step('an HTML file named .png is refused', async () => {
      await openUploads(page);
      await page.getByLabel('File 1', { exact: true }).setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>document.title="pwned"</script>') });
      await page.getByRole('textbox', { name: 'Description of image 1, or link text for a document' }).fill('A holiday');
      await page.getByRole('button', { name: 'Upload and add to the text' }).click();
      await expect(errorSummary(page).getByRole('link')).toHaveText([/holiday\.png: This file is a web page/]);
    });

    await test.step('described and decorative images go in; saved, they show with their alt text', async () => {
      await openUploads(page);
      await page.getByLabel('File 1', { exact: true }).setInputFiles({ name: 'flipchart.jpg', mimeType: 'image/jpeg', buffer: await gpsPhoto(1600, 1200, colour) });
      await page.getByRole('textbox', { name: 'Description of image 1, or link text for a document' }).fill('Flip chart listing three barriers to discharge');
      await page.getByRole('textbox', { name: 'Caption shown under image 1 (optional)' }).fill('The second workshop');
      await page.getByLabel('File 2', { exact: true }).setInputFiles({ name: 'border.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 800, height: 40, channels: 3, background: colour } }).png().toBuffer() });
      await page.getByRole('textbox', { name: 'Description of image 2, or link text for a document' }).fill('');
      await page.getByRole('checkbox', { name: /Image 2 is decorative/ }).check();
      await page.getByRole('button', { name: 'Upload and add to the text' }).click();
      await expect(page.getByRole('alert').filter({ hasText: '2 files are uploaded' })).toBeVisible();
      await expect(pageText(page)).toHaveValue(/^What the second workshop made, with my notes\.\n\n!\[\[file:\d+\|The second workshop\]\]\n\n!\[\[file:\d+\]\]\n$/);
      await page.getByRole('button', { name: 'Save page' }).click();
      await expect(page).toHaveURL(new RegExp(`/wiki/${slug}\\?updated=`));
      const main = page.getByRole('main');
      await expect(main.getByRole('img', { name: 'Flip chart listing three barriers to discharge' })).toBeVisible();
      await expect(main.locator('figure img[alt=""]')).toHaveCount(1);
      await expect(main.locator('figcaption').first()).toContainText('The second workshop');
      await expect(main.getByRole('link', { name: /^Full size image \(JPEG, [\d.]+ (KB|MB)\)$/ })).toBeVisible();
      expect(await expectNoLocationServed(page)).toBeGreaterThanOrEqual(3);
      await expectNoAxeViolations(page, 'a page with images');
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNoHorizontalScrolling(page, 'a page with images at 320 px');
    });

    await test.step("the file's page: preview, description, where it is used; the description edited", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('link', { name: 'About this image' }).first().click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('flipchart.jpg');
      await expect(page.getByRole('main').getByRole('link', { name: title })).toBeVisible();
      await expectNoAxeViolations(page, "a file's page");
      await page.getByRole('textbox', { name: /^Description/ }).fill('Flip chart: three barriers to discharge, in red');
      await page.getByRole('button', { name: 'Save the description' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'The description is saved' })).toBeVisible();
      await page.goto(`/wiki/${slug}`);
      await expect(page.getByRole('main').getByRole('img', { name: 'Flip chart: three barriers to discharge, in red' })).toBeVisible();
    });
  });
}

test('an SVG with a script is refused, and a stored copy is served inert (nosniff, sandboxing CSP)', async ({ page, db }) => {
  const person = await db.createPerson({ name: 'files-svg', displayName: 'Sid Svg' });
  const token = await db.startSession(person.id);
  await signInWithCookie(page.context(), token);
  await page.goto('/wiki/reading-list/edit');
  await openUploads(page);
  await page.getByLabel('File 1', { exact: true }).setInputFiles({ name: 'diagram.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="pwned"</script></svg>') });
  await page.getByRole('textbox', { name: 'Description of image 1, or link text for a document' }).fill('A diagram');
  await page.getByRole('button', { name: 'Upload and add to the text' }).click();
  await expect(errorSummary(page).getByRole('link')).toHaveText([/diagram\.svg: .*(SVG|web page)/]);
  expect(await page.title()).not.toContain('pwned');
  // Every answer of the file route forbids sniffing and running anything, even a refusal.
  const response = await page.request.get(`${baseURL()}/files/${'0'.repeat(64)}/original.txt`);
  expect(response.status()).toBe(404);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

for (const javaScript of [true, false]) {
  test(`${javaScript ? 'with' : 'without'} JavaScript: a PDF attached to a reply shows as a link naming its type and size`, async ({ page, db, playwright }) => {
    test.setTimeout(60_000);
    if (!javaScript) await blockScripts(page);
    const person = await db.createPerson({ name: javaScript ? 'attach-js' : 'attach-nojs', displayName: 'Pat Pdf' });
    const token = await db.startSession(person.id);
    await signInWithCookie(page.context(), token);
    const slug = await createPage(playwright, token, uniqueTitle('Slides'), 'A page with a thread.');
    const [{ id: threadId }] = await db.query<{ id: number }>(
      `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'Where are the slides?', 'Could someone share them?', $2 FROM pages WHERE slug = $1 RETURNING id`,
      [slug, person.id],
    );
    await page.goto(`/threads/${threadId}`);
    const form = page.locator('#reply-form');
    await postTextBox(form, /Your reply to/).fill('Here they are.');
    await form.getByText('Add images or files').click();
    await form.getByLabel('File 1', { exact: true }).setInputFiles({ name: 'slides.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.getByRole('textbox', { name: 'Description of image 1, or link text for a document' }).fill('Workshop slides');
    await form.getByRole('button', { name: 'Post reply' }).click();
    const link = page.getByRole('main').getByRole('link', { name: `Workshop slides (PDF, ${PDF.length} bytes)` });
    await expect(link).toBeVisible();
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.headers()['content-disposition']).toMatch(/^attachment/);
    expect(response.headers()['content-type']).toBe('application/pdf');
  });
}
