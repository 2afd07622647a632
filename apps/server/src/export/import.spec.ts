import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZipFile } from 'yazl';
import { fromBuffer, type Entry, type ZipFile as ReadZip } from 'yauzl';
import { readFile } from 'node:fs/promises';
import { makeArea, makePage, makePerson, makeRecommendation, makeReply, makeRevision, makeStar, makeThread } from '../testing/factories';
import { createTestApp, type TestApp } from '../testing/test-app';
import { ExportService } from './export.service';
import { ImportError, ImportService } from './import.service';

/** Every file in a ZIP, in the archive's order, as text. */
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
            files.push([entry.fileName, Buffer.concat(chunks).toString('utf8')]);
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

/** A Commonplace with no content and no people: what an import goes into. */
async function emptySite(): Promise<TestApp> {
  const target = await createTestApp();
  await target.dataSource.query('TRUNCATE users, pages, areas, recommendations, threads, replies, revisions, stars, page_redirects RESTART IDENTITY CASCADE');
  return target;
}

describe('importing a whole-wiki export', () => {
  let source: TestApp;
  let dir: string;
  beforeAll(async () => {
    source = await createTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'commonplace-import-'));
  });
  afterAll(async () => {
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('export → import into an empty site → export gives the same archive, apart from the time of export', async () => {
    // Some of everything the format carries, on top of the seeded wiki.
    const author = await makePerson(source, { username: 'round-trip', displayName: 'Round Trip' });
    const page = await makePage(source, { slug: 'round-trip-page', tags: ['journey'] });
    const first = await makeRevision(source, page, { body: 'One', author });
    const second = await makeRevision(source, page, { body: 'Two, see [[Emerging issues]]', author });
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

    const before = await exportTo(source, path.join(dir, 'before.zip'));
    const target = await emptySite();
    try {
      const counts = await target.app.get(ImportService).importFile(path.join(dir, 'before.zip'));
      const manifest = JSON.parse(before.find(([name]) => name === 'manifest.json')![1]) as { counts: Record<string, number> };
      expect(counts).toMatchObject({ pages: manifest.counts.pages, revisions: manifest.counts.revisions, threads: manifest.counts.threads, replies: manifest.counts.replies });
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
      // What the site shows: a hidden reply's depth and parent, the thread's next id after the imported ones.
      const [made]: { id: number }[] = await target.dataSource.query(`INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, 'New', 'New', (SELECT min(id) FROM users) FROM pages LIMIT 1 RETURNING id`);
      expect(made.id).toBeGreaterThan(thread.id);
    } finally {
      await target.close();
    }
  });

  it('refuses a site that already has content, and an archive of another format version, changing nothing', async () => {
    const archive = path.join(dir, 'refused.zip');
    await exportTo(source, archive);
    const [{ n: pagesBefore }]: { n: number }[] = await source.dataSource.query('SELECT count(*)::int AS n FROM pages');
    await expect(source.app.get(ImportService).importFile(archive)).rejects.toThrow(new ImportError('This Commonplace already has pages, areas or threads: import into an empty one (a new database), so nothing is mixed or overwritten.'));
    expect((await source.dataSource.query('SELECT count(*)::int AS n FROM pages'))[0].n).toBe(pagesBefore);

    // The same archive, its manifest saying version 2.
    const files = await unzip(await readFile(archive));
    const zip = new ZipFile();
    for (const [name, text] of files) zip.addBuffer(Buffer.from(name === 'manifest.json' ? JSON.stringify({ ...JSON.parse(text), formatVersion: 2 }) : text), name);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const tampered = path.join(dir, 'version-2.zip');
    await writeFile(tampered, Buffer.concat(chunks));
    const target = await emptySite();
    try {
      await expect(target.app.get(ImportService).importFile(tampered)).rejects.toThrow(/format version 2; this Commonplace reads version 1/);
      await writeFile(path.join(dir, 'not-a-zip.zip'), 'hello');
      await expect(target.app.get(ImportService).importFile(path.join(dir, 'not-a-zip.zip'))).rejects.toThrow(/not a ZIP archive, or it is damaged/);
      expect((await target.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(0);
    } finally {
      await target.close();
    }
  });
});
