import { slugify } from '@commonplace/markdown';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../testing/test-app';
import { MediawikiImportError, MediawikiImportService } from './mediawiki-import.service';

/** A real dump of MediaWiki 1.39 from Debian's packages (see fixtures/README.md). */
const FIXTURE = path.join(__dirname, 'fixtures/peer-wiki.xml.gz');

interface DumpedPage {
  title: string;
  ns: number;
  redirect: boolean;
  revisions: { id: number; timestamp: string; username: string; comment: string }[];
}

/** The dump's pages, read with plain regular expressions (not the importer's reader), to compare against. */
function pagesOfDump(xml: string): DumpedPage[] {
  return xml
    .split('<page>')
    .slice(1)
    .map((page) => ({
      title: /<title>(.*?)<\/title>/.exec(page)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
      ns: Number(/<ns>(\d+)<\/ns>/.exec(page)![1]),
      redirect: page.includes('<redirect '),
      revisions: page
        .split('<revision>')
        .slice(1)
        .map((revision) => ({
          id: Number(/<id>(\d+)<\/id>/.exec(revision)![1]),
          timestamp: /<timestamp>(.*?)<\/timestamp>/.exec(revision)![1],
          username: /<username>(.*?)<\/username>/.exec(revision)?.[1] ?? '',
          comment: (/<comment>(.*?)<\/comment>/.exec(revision)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
        })),
    }));
}

describe('importing a MediaWiki dump', () => {
  let t: TestApp;
  let service: MediawikiImportService;
  let dir: string;
  let dumped: DumpedPage[];
  let report: string;
  const contentPages = () => dumped.filter((p) => p.ns === 0 && !p.redirect);

  beforeAll(async () => {
    t = await createTestApp();
    service = new MediawikiImportService(t.dataSource);
    dir = await mkdtemp(path.join(tmpdir(), 'commonplace-mediawiki-'));
    dumped = pagesOfDump(gunzipSync(await readFile(FIXTURE)).toString('utf8'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('brings in 200+ pages with every revision, author, time and summary; stopped part-way, it continues and adds nothing twice', async () => {
    expect(contentPages().length).toBeGreaterThanOrEqual(200);
    const lines: string[] = [];
    const first = await service.importDump(FIXTURE, { stopAfterPages: 60, progress: (line) => lines.push(line) });
    expect(first.stopped).toBe(true);
    expect(first.pages).toBeGreaterThan(50);
    expect(first.pages).toBeLessThan(61);

    const reportPath = path.join(dir, 'report.md');
    const second = await service.importDump(FIXTURE, { reportPath, progress: (line) => lines.push(line) });
    report = await readFile(reportPath, 'utf8');
    expect(second.stopped).toBe(false);
    expect(lines).toContain(`Continuing an earlier import of peerwiki: ${first.pages} pages were already in; they are not added again.`);
    expect(lines.some((line) => /^208 of 208 pages \(100%\)/.test(line))).toBe(true);

    // Every content page but two: "Apt Pinning" shares "Apt pinning"'s address, and this Commonplace already has "Emerging issues".
    const expected = contentPages().filter((p) => p.title !== 'Apt Pinning' && p.title !== 'Emerging issues');
    expect(second.pages).toBe(expected.length);
    expect(second.pagesThisRun).toBe(expected.length - first.pages);
    expect(second.revisions).toBe(expected.reduce((n, p) => n + p.revisions.length, 0));
    for (const page of expected) {
      const revisions: { author: string; summary: string; created_at: Date }[] = await t.dataSource.query(
        `SELECT u.display_name AS author, r.summary, r.created_at FROM revisions r JOIN pages p ON p.id = r.page_id JOIN users u ON u.id = r.author_id
         WHERE p.slug = $1 ORDER BY r.id`,
        [slugify(page.title)],
      );
      expect(revisions.map((r) => [r.author, r.summary, r.created_at.toISOString().replace('.000', '')])).toEqual(
        page.revisions.map((r) => [r.username, r.comment, r.timestamp]),
      );
    }

    // Running it once more finds everything in.
    const third = await service.importDump(FIXTURE);
    expect([third.pagesThisRun, third.revisionsThisRun, third.pages, third.revisions]).toEqual([0, 0, second.pages, second.revisions]);
  }, 240_000);

  it('converts wikitext to Markdown with wiki links and keyword tags, and lists in the report what it kept as code', async () => {
    const [page]: { body: string; tags: string[]; summary: string }[] = await t.dataSource.query(
      `SELECT r.body, p.tags, r.summary FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.slug = 'debian-packaging-tips'`,
    );
    expect(page.summary).toBe('Add infobox, versions and maintainers tables');
    expect(page.tags).toEqual(['software', 'debian']);
    expect(page.body).toContain('**Debian packaging tips** collects advice for people who build [[Open research software|research software]] packages.');
    expect(page.body).toMatch(/^## Versions$/m);
    expect(page.body).toMatch(/^\| bookworm +\| 12 +\|$/m);
    expect(page.body).toContain('```mediawiki\n{{Infobox tool|name=dpkg|section=admin}}\n```');
    const [links]: { count: number }[] = await t.dataSource.query(
      `SELECT count(*)::int FROM page_links l JOIN pages p ON p.id = l.from_page_id WHERE p.slug = 'debian-packaging-tips' AND l.to_slug = 'open-research-software'`,
    );
    expect(links.count).toBe(1);

    expect(report).toContain('### Debian packaging tips (/wiki/debian-packaging-tips)');
    expect(report).toContain('- Template kept as code: `{{Infobox tool|name=dpkg|section=admin}}`');
    expect(report).toContain('- Complex table kept as code:');
    expect(report).toContain('- File kept as code: `[[File:Debian-logo.svg|thumb|The [[Debian]] logo]]`');
    expect(report).toContain('- Extension tag kept as code: `<gallery>');
    expect(report).toContain('- Parser function kept as code:');
  });

  it('reports titles that share an address, and pages this Commonplace already has, without importing them', async () => {
    expect(report).toContain(
      '- “Apt Pinning” was not imported: it would have the address /wiki/apt-pinning, as “Apt pinning” does (titles that differ only in case or punctuation share an address here). Rename one of them in MediaWiki, export again and run the import again; what is already imported stays.',
    );
    expect(report).toContain('- “Emerging issues” was not imported: this Commonplace already has a page at /wiki/emerging-issues.');
    const [kept]: { title: string; revisions: number }[] = await t.dataSource.query(
      `SELECT p.title, (SELECT count(*)::int FROM revisions r WHERE r.page_id = p.id) AS revisions FROM pages p WHERE p.slug = 'apt-pinning'`,
    );
    expect(kept).toEqual({ title: 'Apt pinning', revisions: 1 });
    const [seeded]: { author: string }[] = await t.dataSource.query(
      `SELECT u.username AS author FROM pages p JOIN revisions r ON r.page_id = p.id JOIN users u ON u.id = r.author_id WHERE p.slug = 'emerging-issues' AND u.username IN ('Alice', 'Bob')`,
    );
    expect(seeded).toBeUndefined();
  });

  it('turns a talk page that follows the conventions into threads, who answered whom, and names what does not', async () => {
    const threads: { id: number; subject: string; starter: string; created_at: Date }[] = await t.dataSource.query(
      `SELECT t.id, t.subject, u.username AS starter, t.created_at FROM threads t JOIN pages p ON p.id = t.page_id JOIN users u ON u.id = t.starter_id
       WHERE p.slug = 'open-peer-review' ORDER BY t.id`,
    );
    expect(threads.map((thread) => [thread.subject, thread.starter])).toEqual([
      ['Is "open" the right word here?', 'Alice'],
      ['Merge with the publishing page?', 'Dave'],
      ['Unsigned remark', 'mediawiki-unknown'],
    ]);
    expect(threads[0].created_at.toISOString()).toBe('2026-12-04T09:12:00.000Z');
    const replies: { id: number; author: string; parent: number | null; body: string }[] = await t.dataSource.query(
      `SELECT r.id, u.username AS author, r.parent_reply_id AS parent, r.body FROM replies r JOIN users u ON u.id = r.author_id WHERE r.thread_id = $1 ORDER BY r.created_at`,
      [threads[0].id],
    );
    expect(replies.map((r) => [r.author, r.parent === null ? 'the thread' : replies.find((p) => p.id === r.parent)?.author])).toEqual([
      ['Bob', 'the thread'],
      ['Alice', 'Bob'],
      ['Carol', 'the thread'],
    ]);
    expect(replies[2].body).toBe('A source would help: see [[Reproducible peer review]].\n');
    expect(report).toContain('- The thread “Unsigned remark” has text without a signature');
    expect(report).toContain('- The discussions on “Talk:Emerging issues” were not imported: its page “Emerging issues” was not imported');
  });

  it('makes a redirect page a redirect', async () => {
    const [redirect]: { slug: string }[] = await t.dataSource.query(`SELECT p.slug FROM page_redirects r JOIN pages p ON p.id = r.page_id WHERE r.slug = 'packaging-tips'`);
    expect(redirect).toEqual({ slug: 'debian-packaging-tips' });
  });

  it('stops at broken XML with one line saying where and what to do, before changing anything', async () => {
    const xml = gunzipSync(await readFile(FIXTURE)).toString('utf8');
    const broken = path.join(dir, 'broken.xml');
    // A dump whose end is fine but whose middle lost a closing tag.
    await writeFile(broken, xml.replace('<title>Debian packaging tips</title>', '<title>Debian packaging tips</titel>').replace(/<dbname>peerwiki</, '<dbname>brokenwiki<'));
    const count = async () => (await t.dataSource.query(`SELECT (SELECT count(*) FROM pages)::int AS pages, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM mediawiki_pages)::int AS imported`))[0];
    const before = await count();
    const failure = service.importDump(broken);
    await expect(failure).rejects.toThrow(MediawikiImportError);
    await expect(failure).rejects.toThrow(/^The dump is not well-formed XML at line \d+, column \d+: .*\. Export it again/);
    expect(await count()).toEqual(before);

    const notGzip = path.join(dir, 'dump.xml.gz');
    await writeFile(notGzip, xml.slice(0, 1000));
    await expect(service.importDump(notGzip)).rejects.toThrow(/is not a complete gzip file/);
    expect(await count()).toEqual(before);
  });
});
