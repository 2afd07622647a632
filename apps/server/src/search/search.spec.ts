import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AREAS, THREADS } from '../seed/masterclass-content';
import { makeReply, makeRevision } from '../testing/factories';
import { countStatements } from '../testing/count-statements';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { prefixQuery, snippetHtml } from './search.service';

const SEARCH = `query ($q: String!, $kind: SearchKind, $area: String, $first: Int, $after: String) {
  search(query: $q, kind: $kind, areaSlug: $area, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { kind id title url snippet areaTitle rank } }
  }
}`;

interface Node {
  kind: 'PAGE' | 'RECOMMENDATION' | 'THREAD' | 'REPLY';
  id: number;
  title: string;
  url: string;
  snippet: string;
  areaTitle: string | null;
  rank: number;
}
interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
}

const [INFORMATICIANS, LOCAL_ACCEPTANCE] = THREADS;
const WORKFORCE = AREAS[4];
const ENGAGE = AREAS[0];

describe('search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false }); // one test posts, edits and deletes several replies
  });
  afterAll(() => t.close());

  async function search(
    q: string,
    variables: {
      kind?: string;
      area?: string;
      first?: number;
      after?: string;
    } = {},
  ): Promise<Connection> {
    const result = await t.graphql.execute<{ search: Connection }>(SEARCH, {
      q,
      ...variables,
    });
    expect(result.errors).toBeUndefined();
    return result.data!.search;
  }
  const nodes = async (q: string, variables: Parameters<typeof search>[1] = {}) => (await search(q, variables)).edges.map((edge) => edge.node);
  const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> =>
    ((await t.dataSource.query(sql, params)) as T[])[0];

  it('finds a page by a prefix of its title, first', async () => {
    for (const q of ['emer', 'Emergi', 'emerg iss']) {
      const [top] = await nodes(q);
      expect(top).toMatchObject({
        kind: 'PAGE',
        title: 'Emerging issues',
        url: '/wiki/emerging-issues',
        areaTitle: null,
      });
    }
  });

  it('finds pages by words in their text, with the words marked in a snippet free of markdown', async () => {
    const found = await nodes('norm');
    const page = found.find((node) => node.title === 'Emerging issues');
    expect(page?.kind).toBe('PAGE');
    // The text is "…in the NHS the norm?**": the bold markers are not shown.
    expect(page?.snippet).toContain('<mark>norm</mark>');
    expect(page?.snippet).not.toContain('**');
    // Stemming: "stakeholder" finds "stakeholders".
    expect((await nodes('stakeholder')).map((node) => node.title)).toContain(INFORMATICIANS.subject);
  });

  it('finds a recommendation by a word in it, with its area and address', async () => {
    const { id } = await one<{ id: number }>(`SELECT id FROM recommendations WHERE text = 'Benchmarking'`);
    const found = await nodes('benchmarking');
    expect(found[0]).toMatchObject({
      kind: 'RECOMMENDATION',
      id,
      title: 'Benchmarking',
      url: `/recommendations/${id}`,
      areaTitle: WORKFORCE.title,
      snippet: '<mark>Benchmarking</mark>',
    });
  });

  it('finds a thread by its subject and by its opening post', async () => {
    const { id } = await one<{ id: number }>('SELECT id FROM threads WHERE subject = $1', [INFORMATICIANS.subject]);
    expect((await nodes('informaticians'))[0]).toMatchObject({
      kind: 'THREAD',
      id,
      title: INFORMATICIANS.subject,
      url: `/threads/${id}`,
    });

    const byBody = await nodes('twopennyworth');
    expect(byBody).toHaveLength(1);
    expect(byBody[0]).toMatchObject({
      kind: 'THREAD',
      title: LOCAL_ACCEPTANCE.subject,
    });
    expect(byBody[0].snippet).toContain('<mark>twopennyworth</mark>');
  });

  it('finds a reply by its text, linking to it in its thread, with HTML in the text escaped', async () => {
    const thread = await one<{ id: number }>('SELECT id FROM threads WHERE subject = $1', [LOCAL_ACCEPTANCE.subject]);
    const author = await one<{ id: number }>(`SELECT id FROM users WHERE username = 'higgoo'`);
    const reply = await makeReply(t, thread, {
      author,
      body: '<script>alert("x")</script> The zeppelin: 5 < 6 & "quoted" \uE000forged\uE001 <img src=x onerror=alert(1)> idea',
    });
    const found = await nodes('zeppelin');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'REPLY',
      id: reply.id,
      title: LOCAL_ACCEPTANCE.subject,
      url: `/threads/${thread.id}#reply-${reply.id}`,
    });
    const { snippet } = found[0];
    expect(snippet).toContain('<mark>zeppelin</mark>: 5 &lt; 6 &amp; &quot;quoted&quot;');
    expect(snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(snippet).not.toMatch(/<(?!\/?mark>)/); // the only tags are our marks
    expect(snippet.match(/<mark>/g)).toHaveLength(1); // "forged" in markers is not marked
  });

  it('filters by kind', async () => {
    const all = await nodes('clinicians', { first: 50 });
    expect(new Set(all.map((node) => node.kind)).size).toBeGreaterThan(1);
    for (const kind of ['PAGE', 'RECOMMENDATION', 'THREAD', 'REPLY']) {
      const some = await search('clinicians', { kind, first: 50 });
      expect(some.edges.map((edge) => edge.node.kind).every((k) => k === kind)).toBe(true);
      expect(some.totalCount).toBe(all.filter((node) => node.kind === kind).length);
    }
  });

  it('filters by area: recommendations in it, and pages and threads filed under it', async () => {
    const inArea = await search('change', { area: ENGAGE.slug, first: 50 });
    const expected = await one<{ count: number }>(
      `SELECT count(*)::int AS count FROM recommendations r JOIN areas a ON a.id = r.area_id
        WHERE a.slug = $1 AND r.status = 'active' AND r.search_vector @@ websearch_to_tsquery('english', 'change')`,
      [ENGAGE.slug],
    );
    expect(expected.count).toBeGreaterThan(0);
    expect(inArea.totalCount).toBe(expected.count);
    expect(inArea.edges.every((edge) => edge.node.areaTitle === ENGAGE.title)).toBe(true);

    // A page filed under the area, and a thread about one of its recommendations, are in it too.
    const area = await one<{ id: number }>('SELECT id FROM areas WHERE slug = $1', [ENGAGE.slug]);
    const page = await one<{ id: number }>('SELECT id FROM pages WHERE slug = $1', ['home']);
    await t.dataSource.query('UPDATE pages SET area_id = $1 WHERE id = $2', [area.id, page.id]);
    const recommendation = await one<{ id: number }>(`SELECT id FROM recommendations WHERE text = 'Get a clinician to lead the change project'`);
    await t.dataSource.query('UPDATE threads SET recommendation_id = $1 WHERE subject = $2', [recommendation.id, INFORMATICIANS.subject]);
    try {
      const pages = await nodes('sociotechnical', { area: ENGAGE.slug });
      expect(pages.map((node) => [node.kind, node.title])).toEqual([['PAGE', 'Home']]);
      expect((await nodes('informaticians', { area: ENGAGE.slug }))[0]).toMatchObject({ kind: 'THREAD', areaTitle: ENGAGE.title });
      expect(await nodes('informaticians', { area: WORKFORCE.slug })).toEqual([]);
    } finally {
      await t.dataSource.query('UPDATE pages SET area_id = NULL WHERE id = $1', [page.id]);
      await t.dataSource.query('UPDATE threads SET recommendation_id = NULL WHERE subject = $1', [INFORMATICIANS.subject]);
    }
    expect(await search('change', { area: 'no-such-area' })).toMatchObject({
      totalCount: 0,
      edges: [],
    });
  });

  it('answers operators, quotes, punctuation and empty queries with results or none, never an error', async () => {
    const odd = [
      '',
      '   ',
      '!!!',
      '"',
      '""',
      '"unclosed',
      '((',
      ')',
      'OR',
      'or or',
      '-',
      '--',
      ':*',
      'a & b | !c',
      "'; DROP TABLE pages; --",
      '\\',
      '<>',
      '*',
      '&',
      '|',
      '!',
      'the',
      '\u0000',
      'x'.repeat(5000),
    ];
    for (const q of odd) {
      const result = await search(q); // fails on any GraphQL error
      expect(result.totalCount).toBeGreaterThanOrEqual(result.edges.length);
    }
    expect((await search('!!!')).totalCount).toBe(0);
    expect((await search('')).totalCount).toBe(0);
    // Operators mean what websearch syntax says: a phrase, an exclusion, an alternative.
    expect((await nodes('"need for change"')).map((node) => node.title)).toContain(LOCAL_ACCEPTANCE.subject);
    const clinicians = (await nodes('clinician', { kind: 'RECOMMENDATION', first: 50 })).map((node) => node.title);
    const withoutLead = (await nodes('clinician -lead', { kind: 'RECOMMENDATION', first: 50 })).map((node) => node.title);
    expect(clinicians).toContain('Get a clinician to lead the change project');
    expect(withoutLead).not.toContain('Get a clinician to lead the change project');
    expect(withoutLead.length).toBe(clinicians.length - clinicians.filter((title) => /\blead/i.test(title)).length);
    expect((await nodes('benchmarking or twopennyworth')).map((node) => node.kind).sort()).toEqual(['RECOMMENDATION', 'THREAD']);
  });

  it('leaves out deleted pages and their threads and replies', async () => {
    expect((await nodes('emer'))[0]?.title).toBe('Emerging issues');
    expect((await nodes('informaticians')).length).toBe(1);
    await t.dataSource.query(`UPDATE pages SET deleted_at = now() WHERE slug = 'emerging-issues'`);
    try {
      expect((await nodes('emer')).map((node) => node.title)).not.toContain('Emerging issues');
      expect(await nodes('informaticians')).toEqual([]);
      expect(await nodes('zeppelin')).toEqual([]); // the reply added above is on a thread of that page
    } finally {
      await t.dataSource.query(`UPDATE pages SET deleted_at = NULL WHERE slug = 'emerging-issues'`);
    }
  });

  it("keeps a page's text searchable as it changes: the current revision's words, not the old ones", async () => {
    expect(await nodes('quokka')).toEqual([]);
    const page = await one<{ id: number }>(`SELECT id FROM pages WHERE slug = 'reading-list'`);
    const author = await one<{ id: number }>(`SELECT id FROM users WHERE username = 'davemiller'`);
    await makeRevision(t, page, { body: 'A quokka wrote this text.', author });
    expect((await nodes('quokka')).map((node) => node.title)).toEqual(['Reading list']);
    expect((await nodes('juggernaut')).map((node) => node.title)).not.toContain('Reading list');
    // Renaming the page changes what its title matches.
    await t.dataSource.query(`UPDATE pages SET title = 'Marsupial notes' WHERE id = $1`, [page.id]);
    expect((await nodes('marsup'))[0]).toMatchObject({
      kind: 'PAGE',
      title: 'Marsupial notes',
    });
  });

  it('takes the snippet from where the words are, even far into a long text', async () => {
    const page = await one<{ id: number; current_revision_id: number }>(`SELECT id, current_revision_id FROM pages WHERE slug = 'home'`);
    const author = await one<{ id: number }>(`SELECT id FROM users WHERE username = 'davemiller'`);
    const body = `An opening line.\n\n${'Filler words about nothing much. '.repeat(400)}\n\nThe **wombats** burrow here.`;
    await makeRevision(t, page, { body, author });
    try {
      const [found] = await nodes('wombat');
      expect(found).toMatchObject({ kind: 'PAGE', title: 'Home' });
      expect(found.snippet).toContain('The <mark>wombats</mark> burrow here');
      expect(found.snippet).not.toContain('opening');
    } finally {
      await t.dataSource.query('UPDATE pages SET current_revision_id = $1 WHERE id = $2', [page.current_revision_id, page.id]);
    }
  });

  it('ranks title matches above matches in text', async () => {
    const found = await nodes('sociotechnical');
    expect(found.length).toBeGreaterThan(1);
    const ranks = found.map((node) => node.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // "Systems thinking…" mentions it only in its text; no title has it, so no result gets the title bonus.
    expect(Math.max(...ranks)).toBeLessThan(1);
    expect((await nodes('systems'))[0]).toMatchObject({
      kind: 'THREAD',
      title: THREADS[2].subject,
    });
  });

  it('pages through the results by cursor, without repeats or gaps', async () => {
    const all = await search('change', { first: 50 });
    expect(all.totalCount).toBeGreaterThan(5);
    expect(all.totalCount).toBe(all.edges.length);
    const seen: string[] = [];
    let after: string | undefined;
    for (let round = 0; round < 20; round++) {
      const slice = await search('change', { first: 2, after });
      expect(slice.totalCount).toBe(all.totalCount);
      seen.push(...slice.edges.map((edge) => edge.node.url));
      if (!slice.pageInfo.hasNextPage) break;
      after = slice.pageInfo.endCursor!;
    }
    expect(seen).toEqual(all.edges.map((edge) => edge.node.url));
    // A cursor we did not make starts from the beginning instead of failing.
    expect((await search('change', { first: 2, after: 'nonsense' })).edges.map((edge) => edge.node.url)).toEqual(seen.slice(0, 2));
  });

  it('runs one SQL statement per search, however many results, as a named prepared statement', async () => {
    const pool = (t.dataSource.driver as PostgresDriver).master as Pool;
    const poolQuery = jest.spyOn(pool, 'query');
    try {
      const viaTypeorm = await countStatements(() => search('change', { first: 50 }));
      expect(viaTypeorm).toEqual([]);
      expect(poolQuery).toHaveBeenCalledTimes(1);
      expect(poolQuery.mock.calls[0][0]).toMatchObject({ name: 'commonplace_search' });
    } finally {
      poolQuery.mockRestore();
    }
  });

  it('is a public query over HTTP', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SEARCH, variables: { q: 'benchmarking' } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { search: Connection } };
    expect(body.data.search.edges[0].node.title).toBe('Benchmarking');
  });

  it('never finds or quotes a reply its author deleted or a moderator hid, whoever searches', async () => {
    const author = await signedIn(t, 'participant');
    const reader = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const gql = async <T>(query: string, variables: Record<string, unknown>, person?: Actor) => {
      const response = await t.driver.as(person).query<T>(query, variables);
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    const word = (name: string) => `${name}${Math.random().toString(36).slice(2, 8)}`;
    const [deletedWord, editedWord, hiddenWord, keptWord] = [word('zdel'), word('zedit'), word('zhid'), word('zkept')];
    const thread = await one<{ id: number }>('SELECT id FROM threads WHERE subject = $1', [LOCAL_ACCEPTANCE.subject]);
    const post = async (body: string) =>
      (await gql<{ postReply: { reply: { id: number } } }>(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId: thread.id, body } }, author)).postReply.reply.id;
    const deleted = await post(`An earlier text with ${editedWord} in it, and ${keptWord}`);
    await gql(`mutation ($i: EditReplyInput!) { editReply(input: $i) { errors { code } } }`, { i: { replyId: deleted, body: `Second thoughts: ${deletedWord} and ${keptWord}` } }, author);
    const hidden = await post(`Rude words: ${hiddenWord} and ${keptWord}`);
    const visible = await post(`Still here: ${keptWord}`);

    await gql(`mutation ($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }`, { i: { replyId: deleted } }, author);
    await gql(`mutation ($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }`, { i: { replyId: hidden, reason: 'Rude' } }, moderator);

    for (const someone of [undefined, reader, author]) {
      for (const q of [deletedWord, editedWord, hiddenWord]) {
        expect((await gql<{ search: Connection }>(SEARCH, { q }, someone)).search).toMatchObject({ totalCount: 0, edges: [] });
      }
      // A word the three share finds only the visible reply, and no snippet quotes the others.
      const shared = (await gql<{ search: Connection }>(SEARCH, { q: keptWord }, someone)).search.edges.map((edge) => edge.node);
      expect(shared.map((node) => node.id)).toEqual([visible]);
      expect(JSON.stringify(shared)).not.toMatch(new RegExp(`${deletedWord}|${editedWord}|${hiddenWord}`));
    }
  });
});

describe('search input handling', () => {
  it('builds title prefixes from letters and digits only, and not from websearch syntax', () => {
    expect(prefixQuery('Emerg iss')).toBe('emerg:* & iss:*');
    expect(prefixQuery("it's a (test) & x:*")).toBe('it:* & test:*');
    expect(prefixQuery('!!!')).toBeNull();
    expect(prefixQuery('"need for change"')).toBeNull();
    expect(prefixQuery('clinician -lead')).toBeNull();
    expect(prefixQuery('nurses or doctors')).toBeNull();
    expect(prefixQuery('socio-technical')).toBe('socio:* & technical:*');
  });

  it('leaves markdown syntax out of snippets', () => {
    expect(snippetHtml('# Heading\n\n> **\uE000norm\uE001**? See [[Emerging issues]] and [a](https://x.org/y)\n- item {{recommendations}}')).toBe(
      'Heading <mark>norm</mark> ? See Emerging issues and a item',
    );
  });

  it('escapes snippets and marks only paired markers', () => {
    expect(snippetHtml('a \uE000<b>&\uE001 "c" \uE000d')).toBe('a <mark>&lt;b&gt;&amp;</mark> &quot;c&quot; d');
  });
});
