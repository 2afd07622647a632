import exifr from 'exifr';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SessionsService } from '../accounts/sessions.service';
import { createRequestContext } from '../graphql/request-context';
import type { MadePerson } from '../testing/factories';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { FILE_LIMITS } from './file-rules';
import { HTML_PAGE, SCRIPTED_SVG, gpsTaggedPhoto, smallPdf } from './testing/fixtures';

const UPLOAD = `mutation ($i: UploadFilesInput!) { uploadFiles(input: $i) {
  files { id name kind description decorative reference current { url typeLabel byteSize width height } }
  errors { field code message } } }`;

interface Uploaded {
  uploadFiles: {
    files: { id: number; name: string; kind: string; description: string; decorative: boolean; reference: string; current: { url: string; typeLabel: string; byteSize: number; width: number | null; height: number | null } }[];
    errors: { field: string | null; code: string; message: string }[];
  };
}

let t: TestApp;
let filesDir: string;
const saved = { FILES_DIR: process.env.FILES_DIR };

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'commonplace-files-'));
  process.env.FILES_DIR = filesDir;
  t = await createTestApp({ rateLimits: false });
});
afterAll(async () => {
  await t.close();
  process.env.FILES_DIR = saved.FILES_DIR;
  if (saved.FILES_DIR === undefined) delete process.env.FILES_DIR;
  await rm(filesDir, { recursive: true, force: true });
});

/** Runs a document as the person, in-process, with Files as a form action passes them. */
async function as<T>(person: MadePerson | null, query: string, variables: Record<string, unknown>) {
  const token = person ? /commonplace_session=([^;]+)/.exec(person.cookie)?.[1] : undefined;
  const viewer = token ? await t.app.get(SessionsService).viewerFor(token) : null;
  const context = createRequestContext();
  context.viewer = viewer;
  return t.graphql.execute<T>(query, variables, context);
}

const file = (bytes: Buffer | string, name: string) => new File([typeof bytes === 'string' ? Buffer.from(bytes) : bytes], name);
const upload = async (person: MadePerson | null, files: Record<string, unknown>[]) => as<Uploaded>(person, UPLOAD, { i: { files } });
const fetchCopy = (url: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${url}`, { headers });

describe('uploading images', () => {
  it('stores a described photo upright, with no EXIF or GPS in any served size, and responsive copies', async () => {
    const person = await signedIn(t, 'participant');
    const photo = await gpsTaggedPhoto();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: 51.5 });
    const answer = await upload(person, [{ file: file(photo, 'flipchart.jpg'), description: 'Flip chart listing three barriers to discharge' }]);
    expect(answer.errors).toBeUndefined();
    const [stored] = answer.data!.uploadFiles.files;
    expect(answer.data!.uploadFiles.errors).toEqual([]);
    // Orientation 6: shown turned, 1,200 wide.
    expect(stored).toMatchObject({ kind: 'image', description: 'Flip chart listing three barriers to discharge', decorative: false, current: { typeLabel: 'JPEG', width: 1200, height: 1600 } });
    expect(stored.reference).toBe(`![[file:${stored.id}]]`);
    const hash = /^\/files\/([0-9a-f]{64})\/original\.jpg$/.exec(stored.current.url)![1];
    for (const name of ['original.jpg', 'w320.webp', 'w640.webp']) {
      const response = await fetchCopy(`/files/${hash}/${name}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      expect(bytes.includes(Buffer.from('Workshop phone'))).toBe(false);
      expect(metadata.height! > metadata.width!).toBe(true);
    }
    // No copy wider than the photo itself (1,200): 1,280 is not made.
    expect((await fetchCopy(`/files/${hash}/w1280.webp`)).status).toBe(404);
  });

  it('serves copies as cacheable, inert, and documents as downloads', async () => {
    const person = await signedIn(t, 'participant');
    const { data } = await upload(person, [
      { file: file(await gpsTaggedPhoto(900, 600), 'small.jpg'), decorative: true },
      { file: file(smallPdf(), 'Workshop slides.pdf'), description: 'Workshop slides' },
    ]);
    const [image, pdf] = data!.uploadFiles.files;
    expect(image).toMatchObject({ decorative: true, description: '' });
    expect(pdf).toMatchObject({ kind: 'document', current: { typeLabel: 'PDF', width: null } });
    const imageResponse = await fetchCopy(image.current.url);
    expect(imageResponse.headers.get('content-type')).toBe('image/jpeg');
    expect(imageResponse.headers.get('x-content-type-options')).toBe('nosniff');
    expect(imageResponse.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(imageResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(imageResponse.headers.get('content-disposition')).toBeNull();
    const etag = imageResponse.headers.get('etag')!;
    expect((await fetchCopy(image.current.url, { 'if-none-match': etag })).status).toBe(304);
    const pdfResponse = await fetchCopy(pdf.current.url);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    expect(pdfResponse.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await pdfResponse.arrayBuffer()).equals(smallPdf())).toBe(true);
  });

  it('on a private site, serves copies only to people signed in, and no shared cache may keep them', async () => {
    const person = await signedIn(t, 'participant');
    const admin = await signedIn(t, 'admin');
    const { data } = await upload(person, [{ file: file(smallPdf(), 'Private minutes.pdf'), description: 'Private minutes' }]);
    const url = data!.uploadFiles.files[0].current.url;
    const setPrivate = (value: boolean) =>
      as(admin, 'mutation ($i: UpdateSiteSettingsInput!) { updateSiteSettings(input: $i) { errors { code } } }', { i: { name: 'Commonplace', private: value } });
    expect((await setPrivate(true)).errors).toBeUndefined();
    try {
      const anonymous = await fetchCopy(url);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).toContain('sign in');
      expect(anonymous.headers.get('cache-control')).toBe('no-store');
      const signedInCopy = await fetchCopy(url, { cookie: person.cookie });
      expect(signedInCopy.status).toBe(200);
      expect(signedInCopy.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(Buffer.from(await signedInCopy.arrayBuffer()).equals(smallPdf())).toBe(true);
    } finally {
      await setPrivate(false);
    }
    expect((await fetchCopy(url)).status).toBe(200);
  });

  it('stores the same bytes once (content-addressed) whoever uploads them', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const pdf = smallPdf();
    const first = (await upload(a, [{ file: file(pdf, 'a.pdf') }])).data!.uploadFiles.files[0];
    const second = (await upload(b, [{ file: file(pdf, 'b.pdf') }])).data!.uploadFiles.files[0];
    expect(second.id).not.toBe(first.id);
    expect(second.current.url).toBe(first.current.url);
  });
});

describe('refusing uploads, at the field, storing nothing', () => {
  const codes = (answer: Awaited<ReturnType<typeof upload>>) => answer.data!.uploadFiles.errors.map((error) => [error.field, error.code]);
  const count = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM files'))[0].n);

  it('an image without a description, or with both a description and decorative, and none of the batch is kept', async () => {
    const person = await signedIn(t, 'participant');
    const before = await count();
    const answer = await upload(person, [
      { file: file(smallPdf(), 'fine.pdf') },
      { file: file(await gpsTaggedPhoto(400, 300), 'chart.jpg'), description: '   ' },
      { file: file(await gpsTaggedPhoto(400, 300), 'chart2.jpg'), description: 'A chart', decorative: true },
    ]);
    expect(codes(answer)).toEqual([
      ['files.1.description', 'DESCRIPTION_REQUIRED'],
      ['files.2.description', 'DESCRIPTION_AND_DECORATIVE'],
    ]);
    expect(answer.data!.uploadFiles.errors[0].message).toContain('chart.jpg');
    expect(answer.data!.uploadFiles.files).toEqual([]);
    expect(await count()).toBe(before);
  });

  it('lying, scripted, empty, damaged and too-large files', async () => {
    const person = await signedIn(t, 'participant');
    const photo = await gpsTaggedPhoto(400, 300);
    const answer = await upload(person, [{ file: file(HTML_PAGE, 'holiday.png') }, { file: file(SCRIPTED_SVG, 'diagram.svg'), description: 'A diagram' }, { file: file('', 'empty.txt') }]);
    expect(codes(answer)).toEqual([
      ['files.0.file', 'FILE_TYPE_REFUSED'],
      ['files.1.file', 'FILE_TYPE_REFUSED'],
      ['files.2.file', 'FILE_EMPTY'],
    ]);
    expect(answer.data!.uploadFiles.errors[1].message).toContain('SVG');
    const damaged = await upload(person, [{ file: file(photo.subarray(0, photo.length / 2), 'cut.jpg'), description: 'Half a photo' }]);
    expect(codes(damaged)).toEqual([['files.0.file', 'FILE_TYPE_REFUSED']]);
    expect(damaged.data!.uploadFiles.errors[0].message).toContain('damaged');
    const binary = await upload(person, [{ file: file(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2]), 'archive.zip') }]);
    expect(codes(binary)).toEqual([['files.0.file', 'FILE_TYPE_REFUSED']]);
    const huge = await upload(person, [{ file: file(Buffer.alloc(FILE_LIMITS.fileBytes + 1, 'a'), 'huge.txt') }]);
    expect(codes(huge)).toEqual([['files.0.file', 'FILE_TOO_LARGE']]);
    const long = await upload(person, [{ file: file(photo, 'p.jpg'), description: 'x'.repeat(FILE_LIMITS.descriptionLength + 1) }]);
    expect(codes(long)).toEqual([['files.0.description', 'DESCRIPTION_TOO_LONG']]);
    expect(codes(await upload(person, []))).toEqual([['files', 'FILE_REQUIRED']]);
  });

  it('plain text is taken, as text', async () => {
    const person = await signedIn(t, 'participant');
    const answer = await upload(person, [{ file: file('Notes from the workshop\nSecond line\n', 'notes.txt'), description: 'Workshop notes' }]);
    expect(answer.data!.uploadFiles.files[0]).toMatchObject({ kind: 'document', current: { typeLabel: 'Text' } });
  });

  it('someone signed out or suspended', async () => {
    const anonymous = await upload(null, [{ file: file(smallPdf(), 'a.pdf') }]);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const suspended = await upload(await signedIn(t, 'suspended'), [{ file: file(smallPdf(), 'a.pdf') }]);
    expect(suspended.errors?.[0].extensions?.code).toBe('ACCOUNT_SUSPENDED');
  });

  it('past the quota or the hourly limit', async () => {
    const person = await signedIn(t, 'participant');
    // As if they had uploaded almost all their quota earlier today.
    const pdf = (await upload(person, [{ file: file(smallPdf(), 'a.pdf') }])).data!.uploadFiles.files[0];
    await t.dataSource.query(`UPDATE file_versions SET byte_size = $2, created_at = now() - interval '2 hours' WHERE file_id = $1`, [pdf.id, FILE_LIMITS.quotaBytes - 100]);
    const over = await upload(person, [{ file: file('a'.repeat(200), 'b.txt') }]);
    expect(codes(over)).toEqual([['files', 'QUOTA_EXCEEDED']]);
    const other = await signedIn(t, 'participant');
    await t.dataSource.query(
      `INSERT INTO file_versions (file_id, content_hash, media_type, extension, byte_size, uploader_id) SELECT $1, repeat('0', 64), 'text/plain', 'txt', 1, $2 FROM generate_series(1, $3)`,
      [pdf.id, other.id, FILE_LIMITS.uploadsPerHour],
    );
    expect(codes(await upload(other, [{ file: file('hello', 'c.txt') }]))).toEqual([['files', 'UPLOAD_RATE_LIMITED']]);
  });
});

describe('files as wiki objects', () => {
  const DESCRIBE = 'mutation ($i: DescribeFileInput!) { describeFile(input: $i) { file { description decorative } errors { field code } } }';
  const HIDE = 'mutation ($i: ModerateFileInput!) { hideFile(input: $i) { file { hiddenAt current { url } } errors { code } } }';

  it('renders in a page with its description, shows the new description at once, and a notice once hidden', async () => {
    const person = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const stored = (await upload(person, [{ file: file(await gpsTaggedPhoto(901, 601), 'chart.jpg'), description: 'First description' }])).data!.uploadFiles.files[0];
    const [{ id: revisionId }] = await t.dataSource.query(`SELECT current_revision_id AS id FROM pages WHERE slug = 'reading-list'`);
    const SAVE = 'mutation ($i: SavePageInput!) { savePage(input: $i) { errors { code } } }';
    const saved = await as<{ savePage: { errors: unknown[] } }>(person, SAVE, { i: { slug: 'reading-list', baseRevisionId: revisionId, body: `Our chart:\n\n${stored.reference}\n`, summary: 'A chart' } });
    expect(saved.data!.savePage.errors).toEqual([]);
    const PAGE = '{ page(slug: "reading-list") { parts { html } } }';
    // Read as the web client reads it: through the executor's read cache, which must not keep the old picture.
    const html = async () => (await t.graphql.execute<{ page: { parts: { html: string | null }[] } }>(PAGE, {}, createRequestContext(), { cacheable: true })).data!.page.parts.map((part) => part.html ?? '').join('');
    expect(await html()).toContain('alt="First description"');
    // Someone else may not describe it; its uploader may.
    expect((await as<{ describeFile: unknown }>(await signedIn(t, 'participant'), DESCRIBE, { i: { fileId: stored.id, description: 'Vandal' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await as<{ describeFile: { errors: unknown[] } }>(person, DESCRIBE, { i: { fileId: stored.id, description: 'Better description' } })).data!.describeFile.errors).toEqual([]);
    expect(await html()).toContain('alt="Better description"');
    const hidden = await as<{ hideFile: { file: { current: { url: string | null } }; errors: unknown[] } }>(moderator, HIDE, { i: { fileId: stored.id, reason: 'Shows a patient' } });
    expect(hidden.data!.hideFile.errors).toEqual([]);
    expect(await html()).toContain('A moderator has hidden this file');
    expect(await html()).not.toContain('<img');
    expect((await fetchCopy(stored.current.url)).status).toBe(404);
    const [audit] = await t.dataSource.query(`SELECT action, reason FROM audit_entries WHERE subject_type = 'file' AND subject_id = $1`, [stored.id]);
    expect(audit).toEqual({ action: 'file.hidden', reason: 'Shows a patient' });
    const uses = await as<{ file: { usedOn: { path: string }[]; current: { url: string | null } } }>(person, `{ file(id: ${stored.id}) { usedOn { path } current { url } } }`, {});
    expect(uses.data!.file).toEqual({ usedOn: [{ path: '/wiki/reading-list' }], current: { url: null } });
  });

  it('keeps old versions reachable when a new one is uploaded', async () => {
    const person = await signedIn(t, 'participant');
    const stored = (await upload(person, [{ file: file('version one', 'notes.txt'), description: 'Notes' }])).data!.uploadFiles.files[0];
    const VERSION = 'mutation ($i: UploadFileVersionInput!) { uploadFileVersion(input: $i) { file { current { url } versions { url } } errors { field code } } }';
    const answer = await as<{ uploadFileVersion: { file: { current: { url: string }; versions: { url: string }[] }; errors: unknown[] } }>(person, VERSION, { i: { fileId: stored.id, file: file('version two', 'notes.txt') } });
    const { current, versions } = answer.data!.uploadFileVersion.file;
    expect(versions.map((version) => version.url)).toEqual([current.url, stored.current.url]);
    expect(await (await fetchCopy(stored.current.url)).text()).toBe('version one');
    expect(await (await fetchCopy(current.url)).text()).toBe('version two');
    const wrongKind = await as<{ uploadFileVersion: { errors: { code: string }[] } }>(person, VERSION, { i: { fileId: stored.id, file: file(await gpsTaggedPhoto(300, 200), 'p.jpg') } });
    expect(wrongKind.data!.uploadFileVersion.errors).toEqual([{ field: 'file', code: 'FILE_KIND_CHANGED' }]);
  });
});

describe('uploads through GraphQL over HTTP (multipart request spec)', () => {
  it('takes a file with the preflight header, and refuses the same request without it (CSRF)', async () => {
    const person = await signedIn(t, 'participant');
    const variables = { i: { files: [{ file: null, description: 'Slides' }] } };
    const sent = await t.driver.as(person).upload<Uploaded>(UPLOAD, variables, { 'i.files.0.file': file(smallPdf(), 'slides.pdf') });
    expect(sent.data!.uploadFiles.files[0]).toMatchObject({ name: 'slides.pdf', kind: 'document', current: { typeLabel: 'PDF' } });
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: UPLOAD, variables }));
    form.set('map', JSON.stringify({ 0: ['variables.i.files.0.file'] }));
    form.set('0', file(smallPdf(), 'slides.pdf'));
    const bare = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { origin: t.baseUrl, cookie: person.cookie }, body: form });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('CSRF');
  });

  it('refuses a file over the limit at its field', async () => {
    const person = await signedIn(t, 'participant');
    const sent = await t.driver.as(person).upload<Uploaded>(UPLOAD, { i: { files: [{ file: null }] } }, { 'i.files.0.file': file(Buffer.alloc(FILE_LIMITS.fileBytes + 10, 'a'), 'big.txt') });
    expect(sent.data!.uploadFiles.errors.map((error) => [error.field, error.code])).toEqual([['files.0.file', 'FILE_TOO_LARGE']]);
  });
});
