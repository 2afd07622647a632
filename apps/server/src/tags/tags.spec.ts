import { countStatements } from '../testing/count-statements';
import { createTestApp, type TestApp } from '../testing/test-app';

interface TagCountRow {
  name: string;
  pageCount: number;
  threadCount: number;
}

interface Listing {
  name: string;
  pages: { slug: string; title: string }[];
  threads: { id: number; subject: string }[];
}

const TAGS = `{ tags { name pageCount threadCount } }`;
const TAG = `query ($name: String!) { tag(name: $name) { name pages { slug title } threads { id subject } } }`;

describe('keyword tags', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function tags(): Promise<TagCountRow[]> {
    const { data, errors } = await t.graphql.execute<{ tags: TagCountRow[] }>(TAGS);
    expect(errors).toBeUndefined();
    return data!.tags;
  }

  async function tag(name: string): Promise<Listing | null> {
    const { data, errors } = await t.graphql.execute<{ tag: Listing | null }>(TAG, { name });
    expect(errors).toBeUndefined();
    return data!.tag;
  }

  async function threadId(subject: string): Promise<number> {
    const [row] = await t.dataSource.query('SELECT id FROM threads WHERE subject = $1', [subject]);
    return row.id;
  }

  it('lists the seeded pages’ tags with their counts, alphabetically', async () => {
    expect(await tags()).toEqual([
      { name: 'about', pageCount: 1, threadCount: 0 },
      { name: 'issues', pageCount: 1, threadCount: 0 },
      { name: 'references', pageCount: 1, threadCount: 0 },
    ]);
  });

  it('lists the pages with a tag, and answers null for a tag nobody uses (tags match exactly)', async () => {
    expect(await tag('issues')).toEqual({ name: 'issues', pages: [{ slug: 'emerging-issues', title: 'Emerging issues' }], threads: [] });
    expect(await tag('no-such-tag')).toBeNull();
    expect(await tag('Issues')).toBeNull();
    expect(await tag('')).toBeNull();
  });

  describe('on threads and pages tagged since', () => {
    let localAcceptance: number;
    let systemsThinking: number;
    beforeAll(async () => {
      localAcceptance = await threadId('Local acceptance of the need for change');
      systemsThinking = await threadId("Systems thinking: but whose 'system and who's 'thinking'?");
      await t.dataSource.query(`
        UPDATE threads SET tags = '{issues,change}' WHERE id = ${localAcceptance};
        UPDATE threads SET tags = '{change}' WHERE id = ${systemsThinking};
        -- A tag written twice on one page still counts the page once.
        UPDATE pages SET tags = '{references,change,change}' WHERE slug = 'reading-list';
        UPDATE pages SET tags = '{about,Change}' WHERE slug = 'home';
      `);
    });

    it('counts pages and threads separately, once each', async () => {
      expect(await tags()).toEqual([
        { name: 'about', pageCount: 1, threadCount: 0 },
        // Sorted without regard to case; "Change" and "change" are different tags.
        { name: 'Change', pageCount: 1, threadCount: 0 },
        { name: 'change', pageCount: 1, threadCount: 2 },
        { name: 'issues', pageCount: 1, threadCount: 1 },
        { name: 'references', pageCount: 1, threadCount: 0 },
      ]);
    });

    it('lists pages by title and threads newest first', async () => {
      expect(await tag('change')).toEqual({
        name: 'change',
        pages: [{ slug: 'reading-list', title: 'Reading list' }],
        // Local acceptance (14 November 2008) is newer than Systems thinking (7 November 2008).
        threads: [
          { id: localAcceptance, subject: 'Local acceptance of the need for change' },
          { id: systemsThinking, subject: "Systems thinking: but whose 'system and who's 'thinking'?" },
        ],
      });
    });

    it('leaves out a deleted page and the threads on it', async () => {
      await t.dataSource.query(`UPDATE pages SET deleted_at = now() WHERE slug = 'emerging-issues'`);
      try {
        expect(await tags()).toEqual([
          { name: 'about', pageCount: 1, threadCount: 0 },
          { name: 'Change', pageCount: 1, threadCount: 0 },
          { name: 'change', pageCount: 1, threadCount: 0 },
          { name: 'references', pageCount: 1, threadCount: 0 },
        ]);
        expect(await tag('issues')).toBeNull();
        expect(await tag('change')).toEqual({ name: 'change', pages: [{ slug: 'reading-list', title: 'Reading list' }], threads: [] });
      } finally {
        await t.dataSource.query(`UPDATE pages SET deleted_at = NULL WHERE slug = 'emerging-issues'`);
      }
    });

    it('runs a fixed number of SQL statements, however many threads carry the tag', async () => {
      const LISTING = `{ tag(name: "change") { pages { slug title } threads { id subject starter { username } page { slug } replyCount } } }`;
      const before = await countStatements(() => t.graphql.execute(LISTING));
      // 30 people and threads in one statement (raw on purpose: the factories make one row a call).
      await t.dataSource.query(`
        INSERT INTO users (username, display_name) SELECT 'tagger' || n, 'Tagger ' || n FROM generate_series(1, 30) n;
        INSERT INTO threads (page_id, subject, body, starter_id, tags)
          SELECT (SELECT id FROM pages WHERE slug = 'home'), 'Tagged thread ' || n, 'Body', u.id, '{change}'
          FROM generate_series(1, 30) n JOIN users u ON u.username = 'tagger' || n;
      `);
      let threads = 0;
      const after = await countStatements(async () => {
        const { data, errors } = await t.graphql.execute<{ tag: Listing }>(LISTING);
        expect(errors).toBeUndefined();
        threads = data!.tag.threads.length;
      });
      expect(threads).toBe(32);
      expect(after.length).toBe(before.length);
      expect(after.length).toBeLessThanOrEqual(6);
    });
  });
});
