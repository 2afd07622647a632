import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { makeArea, makePerson, makePage, makeRecommendation, makeReply, makeRevision, makeStar, makeThread } from '../testing/factories';
import { signedIn } from '../testing/people';
import { EXPORT_LOCK_KEY } from './export.service';
import { createTestApp, type TestApp } from '../testing/test-app';

/** Every file in a ZIP, by name, as text (yauzl, a separate implementation from the writer's yazl). */
function unzip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip?: ZipFile) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, string>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function download(t: TestApp, cookie?: string): Promise<Response> {
  return fetch(`${t.baseUrl}/admin/export.zip`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

interface PageJson {
  slug: string;
  title: string;
  deleted: unknown;
  currentRevision: number;
  revisions: { number: number; author: string; summary: string; createdAt: string }[];
}

describe('whole-wiki export (GET /admin/export.zip)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('holds every page with every revision, the recommendations with their stars, and threads with who answered whom, as the database has them', async () => {
    // Some of everything on top of the seeded wiki: a page edited twice, a starred recommendation, a conversation.
    const author = await makePerson(t, { username: 'export-author', displayName: 'Export Author' });
    const page = await makePage(t, { slug: 'export-test-page', title: 'Export test page', tags: ['exported'] });
    await makeRevision(t, page, { body: 'First words.', author });
    await makeRevision(t, page, { body: '# Export test\n\nSecond words, with a [[wiki link]].', author });
    const area = await makeArea(t, { slug: 'export-area', title: 'Export area' });
    const recommendation = await makeRecommendation(t, area, { text: 'Keep the whole wiki portable' });
    await makeStar(t, recommendation, author, 'We have lost a wiki before');
    const starrer = await makePerson(t);
    await makeStar(t, recommendation, starrer, 'Realistic');
    const thread = await makeThread(t, { page: 'export-test-page', starter: author, subject: 'Does it export?', tags: ['exported'] });
    const first = await makeReply(t, thread, { body: 'First reply' });
    const answer = await makeReply(t, thread, { parent: first, author, body: 'An answer to the first reply' });
    await makeReply(t, thread, { body: 'Gone', deletedAt: new Date() });
    // More pages and people than one batch of rows, so reading page after page is exercised.
    await t.dataSource.query(`INSERT INTO users (username, display_name) SELECT 'bulk-' || n, 'Bulk ' || n FROM generate_series(1, 210) n`);
    await t.dataSource.query(`INSERT INTO pages (slug, title) SELECT 'bulk-page-' || n, 'Bulk page ' || n FROM generate_series(1, 210) n`);
    await t.dataSource.query(
      `INSERT INTO revisions (page_id, body, author_id, summary) SELECT p.id, 'Bulk text of ' || p.slug, $1, 'bulk' FROM pages p WHERE p.slug LIKE 'bulk-page-%'`,
      [author.id],
    );
    await t.dataSource.query(`UPDATE pages p SET current_revision_id = r.id FROM revisions r WHERE r.page_id = p.id AND p.slug LIKE 'bulk-page-%'`);
    const admin = await signedIn(t, 'admin');

    const response = await download(t, admin.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="commonplace-wiki-\d{8}-\d{4}\.zip"$/);
    const files = await unzip(Buffer.from(await response.arrayBuffer()));

    // Every page and every revision the database has, each revision's text as stored.
    const pages: { id: number; slug: string }[] = await t.dataSource.query('SELECT id, slug FROM pages ORDER BY id');
    const pageFolders = new Set([...files.keys()].filter((name) => name.startsWith('pages/')).map((name) => name.split('/')[1]));
    expect([...pageFolders].sort()).toEqual(pages.map((p) => p.slug).sort());
    let revisionFiles = 0;
    for (const { id, slug } of pages) {
      const meta = JSON.parse(files.get(`pages/${slug}/page.json`)!) as PageJson;
      const revisions: { body: string; username: string; summary: string }[] = await t.dataSource.query(
        'SELECT r.body, u.username, r.summary FROM revisions r JOIN users u ON u.id = r.author_id WHERE r.page_id = $1 ORDER BY r.created_at, r.id',
        [id],
      );
      expect(meta.revisions).toHaveLength(revisions.length);
      revisions.forEach((revision, index) => {
        expect(files.get(`pages/${slug}/revisions/${index + 1}.md`)).toBe(revision.body);
        expect(meta.revisions[index]).toMatchObject({ number: index + 1, author: revision.username, summary: revision.summary });
      });
      revisionFiles += revisions.length;
    }
    const [{ count }]: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM revisions');
    expect(revisionFiles).toBe(count);
    expect([...files.keys()].filter((name) => /^pages\/[^/]+\/revisions\/\d+\.md$/.test(name))).toHaveLength(count);

    // The known page: its current text, its history's authors.
    expect(files.get('pages/export-test-page/current.md')).toBe('# Export test\n\nSecond words, with a [[wiki link]].');
    const meta = JSON.parse(files.get('pages/export-test-page/page.json')!) as PageJson;
    expect(meta).toMatchObject({ title: 'Export test page', deleted: null, currentRevision: 2 });
    expect(meta.revisions.map((r) => r.author)).toEqual(['export-author', 'export-author']);

    // The recommendation with its stars and reasons, under its area.
    const recommendations = JSON.parse(files.get('recommendations.json')!) as { id: number; area: string; text: string; stars: { username: string; reason: string }[] }[];
    expect(recommendations).toHaveLength(Number((await t.dataSource.query('SELECT count(*) AS n FROM recommendations'))[0].n));
    const exported = recommendations.find((r) => r.id === recommendation.id);
    expect(exported).toMatchObject({ area: 'export-area', text: 'Keep the whole wiki portable' });
    expect(exported!.stars.map((s) => [s.username, s.reason])).toEqual([
      ['export-author', 'We have lost a wiki before'],
      [starrer.username, 'Realistic'],
    ]);

    // The thread: who answered whom; a deleted reply's words are not kept.
    const threadJson = JSON.parse(files.get(`threads/${thread.id}.json`)!) as { page: string; subject: string; replies: { id: number; parentId: number | null; author: string; body: string | null; deletedAt: string | null }[] };
    expect(threadJson).toMatchObject({ page: 'export-test-page', subject: 'Does it export?' });
    expect(threadJson.replies.find((r) => r.id === answer.id)).toMatchObject({ parentId: first.id, author: 'export-author', body: 'An answer to the first reply' });
    expect(threadJson.replies.find((r) => r.id === first.id)).toMatchObject({ parentId: null });
    expect(threadJson.replies.find((r) => r.deletedAt !== null)).toMatchObject({ body: null });
    const threadCount = Number((await t.dataSource.query('SELECT count(*) AS n FROM threads'))[0].n);
    expect([...files.keys()].filter((name) => name.startsWith('threads/'))).toHaveLength(threadCount);

    // Tags, people (names only) and the manifest's counts.
    const tags = JSON.parse(files.get('tags.json')!) as { tag: string; pages: string[]; threads: number[] }[];
    expect(tags.find((tag) => tag.tag === 'exported')).toEqual({ tag: 'exported', pages: ['export-test-page'], threads: [thread.id] });
    const people = JSON.parse(files.get('people.json')!) as Record<string, unknown>[];
    expect(people).toContainEqual({ username: 'export-author', displayName: 'Export Author', role: 'participant', suspended: null });
    expect(people).toContainEqual({ username: admin.username, displayName: expect.any(String), role: 'admin', suspended: null });
    expect(people.every((person) => Object.keys(person).sort().join() === 'displayName,role,suspended,username')).toBe(true);
    const manifest = JSON.parse(files.get('manifest.json')!) as { format: string; formatVersion: number; appVersion: string; exportedAt: string; counts: Record<string, number> };
    expect(manifest).toMatchObject({ format: 'commonplace-wiki-export', formatVersion: 2 });
    expect(manifest.counts).toMatchObject({ pages: pages.length, revisions: count, threads: threadCount, people: people.length, recommendations: recommendations.length });
    expect(files.get('README.md')).toContain('# Commonplace wiki export');
    // Nothing private leaks: no email addresses or password hashes anywhere.
    const everything = [...files.values()].join('\n');
    expect(everything).not.toMatch(/\$argon2/);
    expect(everything).not.toMatch(/password_hash|"email"/);
  });

  it('is only for administrators: 401 signed out, 403 for participants, moderators and suspended administrators', async () => {
    expect((await download(t)).status).toBe(401);
    for (const persona of ['participant', 'moderator', 'suspended'] as const) {
      const person = await signedIn(t, persona);
      const response = await download(t, person.cookie);
      expect([persona, response.status]).toEqual([persona, 403]);
      expect(await response.text()).toContain('Only administrators can export the wiki');
    }
    const admin = await signedIn(t, 'admin');
    expect((await download(t, admin.cookie)).status).toBe(200);
  });

  it('lets go of the export when the download is abandoned halfway', async () => {
    const admin = await signedIn(t, 'admin');
    // Big enough (about 20 MB) that it cannot all sit in the socket's buffers.
    await t.dataSource.query(`INSERT INTO pages (slug, title) SELECT 'big-page-' || n, 'Big page ' || n FROM generate_series(1, 40) n`);
    await t.dataSource.query(
      `INSERT INTO revisions (page_id, body, author_id) SELECT p.id, string_agg(md5(p.slug || k), ' '), $1 FROM pages p, generate_series(1, 15000) k WHERE p.slug LIKE 'big-page-%' GROUP BY p.id`,
      [admin.id],
    );
    await t.dataSource.query(`UPDATE pages p SET current_revision_id = r.id FROM revisions r WHERE r.page_id = p.id AND p.slug LIKE 'big-page-%'`);
    const abort = new AbortController();
    const abandoned = await fetch(`${t.baseUrl}/admin/export.zip`, { headers: { cookie: admin.cookie }, signal: abort.signal });
    expect(abandoned.status).toBe(200);
    await abandoned.body!.getReader().read();
    abort.abort();
    // The lock is released once the server sees the connection close.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await download(t, admin.cookie);
      status = next.status;
      if (status === 200) expect((await unzip(Buffer.from(await next.arrayBuffer()))).has('pages/big-page-40/current.md')).toBe(true);
      else await next.text();
    }
    expect(status).toBe(200);
    // The big pages go again, so that the next tests' exports are of the seeded wiki: left in, they
    // made each later export 20 MB, and a test with the default timeout took 10 s of its 30 on a busy machine.
    await t.dataSource.query(`UPDATE pages SET current_revision_id = NULL WHERE slug LIKE 'big-page-%'`);
    await t.dataSource.query(`DELETE FROM revisions r USING pages p WHERE r.page_id = p.id AND p.slug LIKE 'big-page-%'`);
    await t.dataSource.query(`DELETE FROM pages WHERE slug LIKE 'big-page-%'`);
    // Two 20 MB exports: generous, for a busy machine.
  }, 120_000);

  it('makes one export at a time across processes: a second while one runs is refused with 503 and says why', async () => {
    const admin = await signedIn(t, 'admin');
    // Another process's export holds the lock on its own connection.
    const other = t.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [EXPORT_LOCK_KEY]);
      const refused = await download(t, admin.cookie);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(await refused.text()).toContain('Another export is being made');
      // HEAD (link checkers) answers without making an archive, so even now.
      const head = await fetch(`${t.baseUrl}/admin/export.zip`, { method: 'HEAD', headers: { cookie: admin.cookie } });
      expect([head.status, head.headers.get('content-type')]).toEqual([200, 'application/zip']);
      await other.query('SELECT pg_advisory_unlock($1)', [EXPORT_LOCK_KEY]);
    } finally {
      await other.release();
    }
    // Once it has finished, the next one runs.
    const next = await download(t, admin.cookie);
    expect(next.status).toBe(200);
    expect((await unzip(Buffer.from(await next.arrayBuffer()))).has('manifest.json')).toBe(true);
  });
});
