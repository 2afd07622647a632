import { createTestApp, type TestApp } from '../testing/test-app';
import { MasterclassSeeder } from './masterclass-seeder';

const STARRED = [
  'Get a clinician to lead the change project',
  'Use a clinically led decision making panel',
  'Start with small pilots and work with the enthusiasts',
  'Focus outcomes on the needs of the users',
  'Develop a deeper understanding within the organisation(s) of why change is needed',
  'Benchmarking',
];

describe('the seeded masterclass wiki, read through GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has the five areas in order with 8, 6, 9, 5 and 6 recommendations', async () => {
    const { data, errors } = await t.graphql.execute<{ areas: { title: string; recommendationCount: number; recommendations: { text: string }[] }[] }>(
      `{ areas { title recommendationCount recommendations { text } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.areas.map((area) => area.recommendationCount)).toEqual([8, 6, 9, 5, 6]);
    expect(data!.areas.map((area) => area.recommendations.length)).toEqual([8, 6, 9, 5, 6]);
    expect(data!.areas[0].title).toBe('Engage Key Stakeholders, have Clinicians in the Lead');
    expect(data!.areas[3].title).toBe('Encouraging local ownership');
    expect(data!.areas[0].recommendations[0].text).toBe('Engage clinicians in the change process');
    expect(data!.areas[4].recommendations[5].text).toBe('Provide a business change award scheme');
  });

  it('marks exactly the six starred recommendations, by davemiller on 14 Nov 2008 at 10:07 UTC, with his reason', async () => {
    const { data } = await t.graphql.execute<{
      areas: { recommendations: { text: string; starCount: number; stars: { reason: string; createdAt: Date; user: { username: string } }[] }[] }[];
    }>(`{ areas { recommendations { text starCount stars { reason createdAt user { username } } } } }`);
    const starred = data!.areas.flatMap((area) => area.recommendations).filter((recommendation) => recommendation.starCount > 0);
    expect(starred.map((recommendation) => recommendation.text)).toEqual(STARRED);
    for (const recommendation of starred) {
      expect(recommendation.stars).toHaveLength(1);
      const [star] = recommendation.stars;
      expect(star.user.username).toBe('davemiller');
      expect(new Date(star.createdAt).toISOString()).toBe('2008-11-14T10:07:00.000Z');
      expect(star.reason).toMatch(/^I have marked bullets with \* where I believe there are simple, realistic mechanisms/);
    }
  });

  it('has "Emerging issues" featured, tagged "issues", with davemiller\'s update as the latest change', async () => {
    const { data } = await t.graphql.execute<{
      page: {
        title: string;
        featured: boolean;
        tags: string[];
        showsRecommendations: boolean;
        parts: { kind: string; html: string | null }[];
        latestChange: { kind: string; note: string; recommendationCount: number; actor: { username: string } };
      };
      featuredPages: { slug: string }[];
    }>(`{
      page(slug: "emerging-issues") {
        title featured tags showsRecommendations parts { kind html }
        latestChange { kind note recommendationCount actor { username } }
      }
      featuredPages { slug }
    }`);
    const page = data!.page;
    expect(page.title).toBe('Emerging issues');
    expect(page.featured).toBe(true);
    expect(page.tags).toEqual(['issues']);
    expect(page.showsRecommendations).toBe(true);
    expect(page.parts.map((part) => part.kind)).toEqual(['Html', 'Recommendations', 'Html']);
    expect(page.parts[0].html).toContain('What should be done to make a socio-technical approach');
    expect(page.parts[0].html).toContain('The question itself was challenged!');
    expect(page.parts[2].html).toContain('Darzi Next Stage Review');
    expect(page.latestChange).toEqual({
      kind: 'Stars',
      note: expect.stringMatching(/^I have marked bullets with \*/),
      recommendationCount: 6,
      actor: { username: 'davemiller' },
    });
    expect(data!.featuredPages.map((featured) => featured.slug)).toEqual(expect.arrayContaining(['emerging-issues', 'reading-list']));
  });

  it('keeps the page history: the imported original list, then davemiller\'s stars', async () => {
    const rows: { kind: string; username: string; note: string }[] = await t.dataSource.query(
      `SELECT c.kind, u.username, c.note FROM changes c JOIN users u ON u.id = c.actor_id
       JOIN pages p ON p.id = c.page_id WHERE p.slug = 'emerging-issues' ORDER BY c.created_at, c.id`,
    );
    expect(rows.map((row) => [row.kind, row.username])).toEqual([
      ['created', 'masterclass-import'],
      ['stars', 'davemiller'],
    ]);
  });

  it('has the three captured threads, and the reply whose text was not kept', async () => {
    const { data } = await t.graphql.execute<{
      page: { threads: { totalCount: number; threads: { id: number; subject: string; replyCount: number; starter: { username: string }; lastPostBy: { username: string } }[] } };
    }>(`{ page(slug: "emerging-issues") { threads(limit: 10) { totalCount threads { id subject replyCount starter { username } lastPostBy { username } } } } }`);
    const { totalCount, threads } = data!.page.threads;
    expect(totalCount).toBe(3);
    expect(threads.map((thread) => [thread.subject, thread.starter.username, thread.replyCount, thread.lastPostBy.username])).toEqual([
      ['Informaticians are key stakeholders too !', 'hadleyac', 0, 'hadleyac'],
      ['Local acceptance of the need for change', 'davemiller', 1, 'hadleyac'],
      ["Systems thinking: but whose 'system and who's 'thinking'?", 'higgoo', 0, 'higgoo'],
    ]);

    const local = threads[1];
    const { data: threadData } = await t.graphql.execute<{
      thread: { replies: { createdAt: string; textNotKept: boolean; bodyHtml: string | null; author: { username: string }; inReplyTo: { replyId: number | null; author: { username: string } } }[] };
    }>(`query ($id: Int!) { thread(id: $id) { replies { createdAt textNotKept bodyHtml author { username } inReplyTo { replyId author { username } } } } }`, { id: local.id });
    expect(threadData!.thread.replies).toEqual([
      {
        createdAt: '2008-11-17T12:10:00.000Z',
        textNotKept: true,
        bodyHtml: null,
        author: { username: 'hadleyac' },
        inReplyTo: { replyId: null, author: { username: 'davemiller' } },
      },
    ]);
  });

  it('has a Home page and a Reading list citing the papers by DOI', async () => {
    const { data } = await t.graphql.execute<{ home: { title: string } | null; reading: { parts: { html: string | null }[] } }>(
      `{ home: page(slug: "home") { title } reading: page(slug: "reading-list") { parts { html } } }`,
    );
    expect(data!.home?.title).toBe('Home');
    const html = data!.reading.parts.map((part) => part.html).join('');
    for (const doi of ['10.3310/hsdr02390', '10.1136/bmj.39195.598461.551', '10.1136/bmj.d6054']) {
      expect(html).toContain(`href="https://doi.org/${doi}"`);
    }
  });

  it('changes nothing when seeding runs again', async () => {
    const snapshot = () =>
      t.dataSource.query(
        `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM areas) AS areas,
                (SELECT count(*) FROM recommendations) AS recommendations, (SELECT count(*) FROM stars) AS stars,
                (SELECT count(*) FROM pages) AS pages, (SELECT count(*) FROM revisions) AS revisions,
                (SELECT count(*) FROM changes) AS changes, (SELECT count(*) FROM threads) AS threads,
                (SELECT count(*) FROM replies) AS replies,
                (SELECT md5(string_agg(text, '|' ORDER BY id)) FROM recommendations) AS recommendation_texts`,
      );
    const before = await snapshot();
    expect(await new MasterclassSeeder(t.dataSource).seedIfEmpty()).toBe(false);
    expect(await snapshot()).toEqual(before);
    expect(before[0]).toMatchObject({ areas: '5', recommendations: '34', stars: '6', threads: '3', replies: '1' });
  });
});
