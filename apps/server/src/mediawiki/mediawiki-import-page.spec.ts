import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { MediawikiImportRunsService, UPLOAD_MAX_BYTES } from './mediawiki-import-runs.service';

/** A real dump of MediaWiki 1.39 from Debian's packages (see fixtures/README.md): 208 pages. */
const FIXTURE = path.join(__dirname, 'fixtures/peer-wiki.xml.gz');
const UPLOADS = path.join(tmpdir(), 'commonplace-mediawiki-uploads');
const CSRF = 'a-form-token-for-this-test-0123456789';
const PROGRESS = 'query { mediawikiImport { state pagesDone pagesTotal error report fileName } }';

interface Progress {
  state: string;
  pagesDone: number;
  pagesTotal: number | null;
  error: string | null;
  report: string | null;
  fileName: string;
}

describe('importing a MediaWiki dump from /admin/import', () => {
  let t: TestApp;
  let runs: MediawikiImportRunsService;
  let admin: { cookie: string };
  let uploadsBefore: string[];

  const listUploads = async () => (await readdir(UPLOADS).catch(() => [] as string[])).sort();
  /** The page's form, as a browser sends it: the token first, then the file. */
  const upload = async (cookie: string, file: { name: string; content: Uint8Array | string } | null, token = CSRF) => {
    const form = new FormData();
    form.append('_csrf', token);
    if (file) form.append('dump', new Blob([file.content]), file.name);
    const response = await fetch(`${t.baseUrl}/admin/import/upload`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: t.baseUrl, cookie: `${cookie}; commonplace_csrf=${CSRF}` } });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  };
  const progress = async () => (await t.driver.as(admin).data<{ mediawikiImport: Progress | null }>(PROGRESS)).mediawikiImport;

  beforeAll(async () => {
    t = await createTestApp();
    runs = t.app.get(MediawikiImportRunsService);
    admin = await signedIn(t, 'admin');
    uploadsBefore = await listUploads();
  });
  afterAll(async () => {
    await runs.settled();
    await t.close();
  });

  it('is for administrators only: the upload and the progress are refused to anyone else', async () => {
    const fixture = { name: 'peer-wiki.xml.gz', content: await readFile(FIXTURE) };
    expect((await upload('', fixture)).status).toBe(401);
    const participant = await signedIn(t, 'participant');
    expect((await upload(participant.cookie, fixture)).status).toBe(403);
    const moderator = await signedIn(t, 'moderator');
    expect((await upload(moderator.cookie, fixture)).status).toBe(403);
    const refused = await t.driver.as(moderator).query(PROGRESS);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await progress()).toBeNull();
  });

  it('refuses a form without this browser’s token, a form without a file, and a file that is not a MediaWiki export, saying why', async () => {
    const fixture = { name: 'peer-wiki.xml.gz', content: await readFile(FIXTURE) };
    expect((await upload(admin.cookie, fixture, 'another-token-that-is-not-this-one-012')).status).toBe(403);
    expect(await progress()).toBeNull();

    expect(await upload(admin.cookie, null)).toMatchObject({ status: 303, location: '/admin/import?error=no-file' });
    expect(await upload(admin.cookie, { name: 'notes.xml', content: 'Just some notes, not a dump.\n' })).toMatchObject({ status: 303, location: '/admin/import?error=not-a-dump' });
    expect(await progress()).toMatchObject({ state: 'Failed', fileName: 'notes.xml', error: expect.stringMatching(/^The dump is not well-formed XML at line \d+, column \d+: .*Export it again/) });

    expect(await upload(admin.cookie, { name: 'page.xml', content: '<html><body>Not a wiki</body></html>' })).toMatchObject({ location: '/admin/import?error=not-a-dump' });
    expect((await progress())?.error).toBe('This file is XML but not a MediaWiki export (its first element is <html>, not <mediawiki>). Export the wiki with dumpBackup.php --full or Special:Export.');

    // A file named .gz that is not gzip: the line names the file as uploaded, not where the server kept it.
    expect(await upload(admin.cookie, { name: 'dump.xml.gz', content: '<mediawiki>' })).toMatchObject({ location: '/admin/import?error=not-a-dump' });
    expect((await progress())?.error).toMatch(/^dump\.xml\.gz is not a complete gzip file/);
    expect(await listUploads()).toEqual(uploadsBefore);
  });

  it('refuses a dump declared larger than the limit without reading it, and keeps nothing', async () => {
    const url = new URL('/admin/import/upload', t.baseUrl);
    // Only the start of a body said to be 200 MB is sent: the answer must come without the rest.
    const answer = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const sending = request(url, {
        method: 'POST',
        headers: {
          origin: t.baseUrl,
          cookie: `${admin.cookie}; commonplace_csrf=${CSRF}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(2 * UPLOAD_MAX_BYTES),
        },
      });
      sending.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
        sending.destroy();
      });
      sending.on('error', reject);
      sending.write(`--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n`);
    });
    expect(answer).toEqual({ status: 303, location: '/admin/import?error=too-large' });
    expect((await progress())?.fileName).toBe('dump.xml.gz');
    expect(await listUploads()).toEqual(uploadsBefore);
  });

  it('cuts off a dump sent without a declared length once it passes the limit, and removes what was written', async () => {
    const url = new URL('/admin/import/upload', t.baseUrl);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const answer = await new Promise<{ status: number; location: string | undefined; sentMb: number }>((resolve, reject) => {
      let sentMb = 0;
      let answered = false;
      const sending = request(url, { method: 'POST', headers: { origin: t.baseUrl, cookie: `${admin.cookie}; commonplace_csrf=${CSRF}`, 'content-type': 'multipart/form-data; boundary=x' } });
      sending.on('response', (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, sentMb });
        sending.destroy();
      });
      sending.on('error', (error) => (answered ? undefined : reject(error)));
      sending.write(`--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n--x\r\nContent-Disposition: form-data; name="dump"; filename="huge.xml"\r\n\r\n`);
      // Twice the limit at most, a megabyte at a time as the server takes it.
      const more = () => {
        while (!answered && sentMb < 2 * (UPLOAD_MAX_BYTES / chunk.length)) {
          sentMb++;
          if (!sending.write(chunk)) return void sending.once('drain', more);
        }
      };
      more();
    });
    expect(answer).toMatchObject({ status: 303, location: '/admin/import?error=too-large' });
    expect(answer.sentMb).toBeLessThan(2 * (UPLOAD_MAX_BYTES / chunk.length));
    expect((await progress())?.fileName).toBe('dump.xml.gz');
    expect(await listUploads()).toEqual(uploadsBefore);
  }, 120_000);

  it('imports an uploaded dump in the background with its progress recorded, refuses a second meanwhile, then shows the report', async () => {
    const fixture = { name: 'peer-wiki.xml.gz', content: await readFile(FIXTURE) };
    expect(await upload(admin.cookie, fixture)).toMatchObject({ status: 303, location: '/admin/import' });
    expect(await progress()).toMatchObject({ state: 'Running', fileName: 'peer-wiki.xml.gz', error: null, report: null });
    expect(await upload(admin.cookie, fixture)).toMatchObject({ status: 303, location: '/admin/import?error=busy' });

    await runs.settled();
    const done = await progress();
    expect(done).toMatchObject({ state: 'Finished', pagesDone: 208, pagesTotal: 208, error: null });
    expect(done?.report).toContain('# Import of Peer Wiki (peerwiki) from MediaWiki');
    expect(done?.report).toContain('## Not imported');
    const [{ pages }]: { pages: number }[] = await t.dataSource.query(`SELECT count(*)::int AS pages FROM mediawiki_pages WHERE wiki = 'peerwiki' AND page_id IS NOT NULL`);
    expect(pages).toBeGreaterThan(190);
    expect(await listUploads()).toEqual(uploadsBefore);

    const download = await fetch(`${t.baseUrl}/admin/import/report.md`, { headers: { cookie: admin.cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="mediawiki-import-\d+\.md"$/);
    expect(await download.text()).toBe(done?.report);
  }, 180_000);

  it('marks a run whose process stopped beating as interrupted, and says to upload the same dump again', async () => {
    await t.dataSource.query(`INSERT INTO mediawiki_import_runs (file_name, pages_done, pages_total, started_at, heartbeat_at) VALUES ('big.xml.gz', 40, 300, now() - interval '10 minutes', now() - interval '5 minutes')`);
    expect(await progress()).toMatchObject({
      state: 'Interrupted',
      pagesDone: 40,
      error: 'The import was interrupted (the server stopped while importing). Upload the same dump again: it continues where it stopped, and adds nothing twice.',
    });
  });
});
