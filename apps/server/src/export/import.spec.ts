import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { fromBuffer, type Entry, type ZipFile as ReadZip } from 'yauzl';
import { readFile } from 'node:fs/promises';
import { SessionsService } from '../accounts/sessions.service';
import { createRequestContext } from '../graphql/request-context';
import { FilesService } from '../files/files.service';
import { localFileKeys } from '../files/file-store';
import { gpsTaggedPhoto, smallPdf } from '../files/testing/fixtures';
import { makeArea, makePage, makePerson, makeRecommendation, makeReply, makeRevision, makeStar, makeThread, type MadePerson } from '../testing/factories';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { ExportService } from './export.service';
import { ImportError, ImportService } from './import.service';

/** Every file in a ZIP, in the archive's order, as text (bytes as base64 under files/). */
function unzip(buffer: Buffer): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true }, (error, zip?: ReadZip) => {
      if (error || !zip) return reject(error);
      const files: [string, string][] = [];
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: Entry) =>
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            files.push([entry.fileName, Buffer.concat(chunks).toString(entry.fileName.startsWith('files/') ? 'base64' : 'utf8')]);
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    });
  });
}

async function exportTo(t: TestApp, file: string): Promise<[string, string][]> {
  const run = await t.app.get(ExportService).begin();
  await run.write(createWriteStream(file));
  return unzip(await readFile(file));
}

/** A Commonplace with no content and no people, its files in `filesDir`: what an import goes into. */
async function emptySite(filesDir: string): Promise<TestApp> {
  const target = await withFilesDir(filesDir, () => createTestApp());
  await target.dataSource.query('TRUNCATE users, pages, areas, recommendations, threads, replies, revisions, stars, page_redirects, files, file_versions RESTART IDENTITY CASCADE');
  return target;
}

/** The file store is chosen from FILES_DIR when an app is made: each app here gets its own folder. */
async function withFilesDir<T>(filesDir: string, make: () => Promise<T>): Promise<T> {
  const saved = process.env.FILES_DIR;
  process.env.FILES_DIR = filesDir;
  try {
    return await make();
  } finally {
    if (saved === undefined) delete process.env.FILES_DIR;
    else process.env.FILES_DIR = saved;
  }
}

async function viewerOf(t: TestApp, person: MadePerson) {
  return t.app.get(SessionsService).viewerFor(/commonplace_session=([^;]+)/.exec(person.cookie)![1]);
}

describe('importing a whole-wiki export', () => {
  let source: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'commonplace-import-'));
    source = await withFilesDir(path.join(dir, 'source-files'), () => createTestApp({ rateLimits: false }));
  });
  afterAll(async () => {
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('export → import into an empty site → export gives the same archive, apart from the time of export', async () => {
    // Some of everything the format carries, on top of the seeded wiki.
    const author = await makePerson(source, { username: 'round-trip', displayName: 'Round Trip' });
    // Uploaded files: a photo and a PDF with two versions that a page shows, and a decorative image a moderator hid.
    const uploader = await signedIn(source, 'participant');
    const files = source.app.get(FilesService);
    const uploaded = await files.upload(
      {
        files: [
          { file: new File([await gpsTaggedPhoto(900, 600)], 'flipchart.jpg'), description: 'Flip chart of three barriers' },
          { file: new File([smallPdf()], 'minutes.pdf'), description: 'Minutes of the March meeting' },
          { file: new File([await gpsTaggedPhoto(200, 150)], 'border.jpg'), decorative: true },
        ],
      },
      await viewerOf(source, uploader),
    );
    expect(uploaded.errors).toEqual([]);
    const [photo, pdf, border] = uploaded.files;
    const pdfTwo = Buffer.concat([smallPdf(), Buffer.from('% version two\n')]);
    const newVersion = await files.uploadVersion({ fileId: pdf.id, file: new File([pdfTwo], 'minutes-v2.pdf') }, await viewerOf(source, uploader));
    expect(newVersion.errors).toEqual([]);
    const moderator = await signedIn(source, 'moderator');
    expect((await files.hide({ fileId: border.id, reason: 'Names a patient' }, await viewerOf(source, moderator))).errors).toEqual([]);
    const body = `Two, see [[Emerging issues]]\n\n![[file:${photo.id}|The March flip chart]]\n\n![[file:${pdf.id}]]\n\n![[file:${border.id}]]\n`;
    const page = await makePage(source, { slug: 'round-trip-page', tags: ['journey'] });
    const first = await makeRevision(source, page, { body: 'One', author });
    const second = await makeRevision(source, page, { body, author });
    await source.dataSource.query('UPDATE revisions SET base_revision_id = $1 WHERE id = $2', [first.id, second.id]);
    await source.dataSource.query(`INSERT INTO page_redirects (slug, page_id) VALUES ('old-round-trip', $1)`, [page.id]);
    await source.dataSource.query(`UPDATE pages SET deleted_at = now(), deleted_by_id = $1, deleted_reason = 'Duplicate' WHERE slug = 'reading-list'`, [author.id]);
    const area = await makeArea(source, { slug: 'round-trip-area' });
    const kept = await makeRecommendation(source, area, { text: 'Kept' });
    await makeRecommendation(source, area, { text: 'Merged away', status: 'merged', mergedInto: kept });
    await makeStar(source, kept, author, 'Because');
    const thread = await makeThread(source, { page: 'round-trip-page', starter: author, tags: ['journey'], recommendation: kept });
    const reply = await makeReply(source, thread, { author });
    const answer = await makeReply(source, thread, { parent: reply });
    await source.dataSource.query(`UPDATE replies SET hidden_at = now(), hidden_by_id = $1, hidden_reason = 'Off topic' WHERE id = $2`, [author.id, answer.id]);
    await makeReply(source, thread, { parent: answer, deletedAt: new Date(), body: null as unknown as string });
    // Roles and a suspension.
    const suspended = await signedIn(source, 'suspended');

    const before = await exportTo(source, path.join(dir, 'before.zip'));
    const targetFiles = path.join(dir, 'target-files');
    const target = await emptySite(targetFiles);
    try {
      const counts = await target.app.get(ImportService).importFile(path.join(dir, 'before.zip'));
      const manifest = JSON.parse(before.find(([name]) => name === 'manifest.json')![1]) as { counts: Record<string, number> };
      expect(counts).toMatchObject({ pages: manifest.counts.pages, revisions: manifest.counts.revisions, threads: manifest.counts.threads, replies: manifest.counts.replies, files: 3, fileVersions: 4 });
      expect(counts.peopleCreated).toBe(manifest.counts.people);
      // Imported people have no password: they set one by a reset, or an administrator sets it.
      expect((await target.dataSource.query('SELECT count(*)::int AS n FROM users WHERE password_hash IS NOT NULL'))[0].n).toBe(0);

      // The page's history (the change log) and "Links to this page" work on the imported site.
      const [imported]: { id: number }[] = await target.dataSource.query(`SELECT id FROM pages WHERE slug = 'round-trip-page'`);
      expect(await target.dataSource.query('SELECT kind, note FROM changes WHERE page_id = $1 ORDER BY created_at, id', [imported.id])).toEqual([
        { kind: 'created', note: '' },
        { kind: 'revision', note: '' },
      ]);
      expect(await target.dataSource.query('SELECT to_slug FROM page_links WHERE from_page_id = $1', [imported.id])).toEqual([{ to_slug: 'emerging-issues' }]);

      const after = await exportTo(target, path.join(dir, 'after.zip'));
      const withoutTime = (files: [string, string][]) =>
        files.map(([name, text]) => [name, name === 'manifest.json' ? JSON.stringify({ ...JSON.parse(text), exportedAt: null }) : text]);
      expect(withoutTime(after)).toEqual(withoutTime(before));

      // The files: the same ids, every stored copy in the new site's store with the same bytes,
      // and a page that shows the photo and links the PDF as it did; the hidden PDF stays hidden.
      const sourceKeys = localFileKeys(path.join(dir, 'source-files'));
      expect(sourceKeys.filter((key) => key.endsWith('.webp')).length).toBeGreaterThan(0);
      expect(localFileKeys(targetFiles)).toEqual(sourceKeys);
      for (const key of sourceKeys) {
        const [hash, name] = key.split('/');
        const bytes = await readFile(path.join(targetFiles, hash.slice(0, 2), hash, name));
        expect(bytes.equals(await readFile(path.join(dir, 'source-files', hash.slice(0, 2), hash, name)))).toBe(true);
        if (name.startsWith('original.')) expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);
      }
      const shown = await target.graphql.execute<{ page: { parts: { html: string | null }[] } }>('{ page(slug: "round-trip-page") { parts { html } } }', {}, createRequestContext());
      const html = shown.data!.page.parts.map((part) => part.html ?? '').join('');
      expect(html).toContain('alt="Flip chart of three barriers"');
      expect(html).toContain(`<a href="${photo.current.url}">Full size image`);
      expect(html).toContain(`href="${newVersion.file!.current.url}">Minutes of the March meeting (PDF`);
      expect(html).toContain('A moderator has hidden this file');
      for (const url of [photo.current.url, newVersion.file!.current.url, pdf.current.url]) expect([url, (await fetch(`${target.baseUrl}${url!}`)).status]).toEqual([url, 200]);
      expect(await target.dataSource.query('SELECT id, hidden_reason, (SELECT count(*)::int FROM file_versions WHERE file_id = files.id) AS versions FROM files ORDER BY id')).toEqual([
        { id: photo.id, hidden_reason: null, versions: 1 },
        { id: pdf.id, hidden_reason: null, versions: 2 },
        { id: border.id, hidden_reason: 'Names a patient', versions: 1 },
      ]);

      // Roles and suspensions as they were.
      expect(await target.dataSource.query('SELECT username, role, suspended_reason FROM users WHERE username = ANY($1) ORDER BY username', [[moderator.username, suspended.username, uploader.username]])).toEqual(
        [
          { username: moderator.username, role: 'moderator', suspended_reason: null },
          { username: suspended.username, role: 'participant', suspended_reason: 'Testing suspension' },
          { username: uploader.username, role: 'participant', suspended_reason: null },
        ].sort((a, b) => a.username.localeCompare(b.username)),
      );
      // What the site shows: a hidden reply's depth and parent, the thread's next id after the imported ones.
      const [made]: { id: number }[] = await target.dataSource.query(`INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'New', 'New', (SELECT min(id) FROM users) FROM pages LIMIT 1 RETURNING id`);
      expect(made.id).toBeGreaterThan(thread.id);
      const [file]: { id: number }[] = await target.dataSource.query(`INSERT INTO files (name, kind, description) VALUES ('next.pdf', 'document', 'Next') RETURNING id`);
      expect(file.id).toBeGreaterThan(pdf.id);
    } finally {
      await target.close();
    }
  });

  it('refuses a site that already has content, an archive of another format version and a file changed in it, changing nothing', async () => {
    const archive = path.join(dir, 'refused.zip');
    await exportTo(source, archive);
    const [{ n: pagesBefore }]: { n: number }[] = await source.dataSource.query('SELECT count(*)::int AS n FROM pages');
    await expect(source.app.get(ImportService).importFile(archive)).rejects.toThrow(new ImportError('This Commonplace already has pages, areas, threads or files: import into an empty one (a new database), so nothing is mixed or overwritten.'));
    expect((await source.dataSource.query('SELECT count(*)::int AS n FROM pages'))[0].n).toBe(pagesBefore);

    // The same archive with one file changed: its manifest saying version 1 (before files and roles were in it), or a stored copy's bytes.
    const files = await unzip(await readFile(archive));
    const rezip = async (out: string, change: (name: string, bytes: Buffer) => Buffer) => {
      const zip = new ZipFile();
      for (const [name, text] of files) zip.addBuffer(change(name, Buffer.from(text, name.startsWith('files/') ? 'base64' : 'utf8')), name);
      zip.end();
      const chunks: Buffer[] = [];
      for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
      await writeFile(path.join(dir, out), Buffer.concat(chunks));
      return path.join(dir, out);
    };
    const versionOne = await rezip('version-1.zip', (name, bytes) => (name === 'manifest.json' ? Buffer.from(JSON.stringify({ ...JSON.parse(bytes.toString()), formatVersion: 1 })) : bytes));
    const original = files.find(([name]) => /^files\/[0-9a-f]{64}\/original\.pdf$/.test(name))![0];
    const changedFile = await rezip('changed-file.zip', (name, bytes) => (name === original ? Buffer.concat([bytes, Buffer.from('%')]) : bytes));
    const target = await emptySite(path.join(dir, 'refused-files'));
    try {
      await expect(target.app.get(ImportService).importFile(versionOne)).rejects.toThrow(/format version 1; this Commonplace reads version 2/);
      await expect(target.app.get(ImportService).importFile(changedFile)).rejects.toThrow(new ImportError(`${original} in this archive does not match its SHA-256: the archive was changed or damaged.`));
      expect((await target.dataSource.query('SELECT (SELECT count(*)::int FROM pages) AS pages, (SELECT count(*)::int FROM files) AS files'))[0]).toEqual({ pages: 0, files: 0 });
      await writeFile(path.join(dir, 'not-a-zip.zip'), 'hello');
      await expect(target.app.get(ImportService).importFile(path.join(dir, 'not-a-zip.zip'))).rejects.toThrow(/not a ZIP archive, or it is damaged/);
      expect((await target.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('gives new accounts their role from the archive, and leaves an account already on the site with its own', async () => {
    const archive = path.join(dir, 'roles.zip');
    await signedIn(source, 'moderator');
    const people = JSON.parse((await exportTo(source, archive)).find(([name]) => name === 'people.json')![1]) as { username: string; role: string }[];
    const moderators = people.filter((person) => person.role === 'moderator').map((person) => person.username);
    expect(moderators.length).toBeGreaterThan(1);
    const target = await emptySite(path.join(dir, 'roles-files'));
    try {
      // Already here as a participant, as the new site's administrators decided.
      await makePerson(target, { username: moderators[0] });
      const counts = await target.app.get(ImportService).importFile(archive);
      expect(counts.peopleCreated).toBe(people.length - 1);
      const roles: { username: string; role: string }[] = await target.dataSource.query('SELECT username, role FROM users WHERE username = ANY($1)', [moderators]);
      expect(new Map(roles.map((row) => [row.username, row.role]))).toEqual(new Map(moderators.map((username, index) => [username, index === 0 ? 'participant' : 'moderator'])));
    } finally {
      await target.close();
    }
  });
});
