import { makeArea, makeRecommendation, makeThread } from '../testing/factories';
import { countStatements } from '../testing/count-statements';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const MARK = `mutation ($input: MarkRealisticInput!) { markRealistic(input: $input) {
  recommendation { id starCount } star { id reason } errors { field code message } } }`;
const WITHDRAW = `mutation ($input: WithdrawStarInput!) { withdrawStar(input: $input) { recommendation { id starCount } errors { field code message } } }`;
const REMOVE = `mutation ($input: RemoveStarInput!) { removeStar(input: $input) { recommendation { id starCount } errors { field code message } } }`;
const RECOMMENDATION = `query ($id: Int!) { recommendation(id: $id) {
  id text status starCount viewerHasStarred area { slug } mergedInto { id }
  stars { id reason user { username } }
  threads { id subject }
  history(first: 10) { totalCount edges { node { kind note actor { username } details { recommendationIds recommendationText starOwnerUsername } } } } } }`;

type Payload = { recommendation: { id: number; starCount: number } | null; star?: { id: number; reason: string } | null; errors: { field: string | null; code: string; message: string }[] };
type RecommendationView = {
  id: number;
  text: string;
  status: string;
  starCount: number;
  viewerHasStarred: boolean;
  area: { slug: string };
  mergedInto: { id: number } | null;
  stars: { id: number; reason: string; user: { username: string } }[];
  threads: { id: number; subject: string }[];
  history: { totalCount: number; edges: { node: { kind: string; note: string; actor: { username: string }; details: { recommendationIds: number[] | null; recommendationText: string | null; starOwnerUsername: string | null } } }[] };
};

describe('stars: marking recommendations as realistic mechanisms', () => {
  let t: TestApp;
  /** Seeded recommendations without stars, one per test so that counts do not mix. */
  let unstarred: { id: number; text: string }[];
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
    unstarred = await t.dataSource.query(
      `SELECT r.id, r.text FROM recommendations r WHERE NOT EXISTS (SELECT 1 FROM stars s WHERE s.recommendation_id = r.id) ORDER BY r.id`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (person: Actor | null) => ({
    mark: async (recommendationId: number, reason: string) => (await t.driver.as(person).query<{ markRealistic: Payload }>(MARK, { input: { recommendationId, reason } })).data!.markRealistic,
    withdraw: async (recommendationId: number) => (await t.driver.as(person).query<{ withdrawStar: Payload }>(WITHDRAW, { input: { recommendationId } })).data!.withdrawStar,
    remove: async (starId: number, reason: string) => (await t.driver.as(person).query<{ removeStar: Payload }>(REMOVE, { input: { starId, reason } })).data!.removeStar,
    read: async (id: number) => (await t.driver.as(person).query<{ recommendation: RecommendationView | null }>(RECOMMENDATION, { id })).data!.recommendation!,
  });
  const starRows = async (recommendationId: number) =>
    (await t.dataSource.query('SELECT user_id, reason FROM stars WHERE recommendation_id = $1 ORDER BY id', [recommendationId])) as { user_id: number; reason: string }[];

  it('marks a recommendation with a trimmed reason, and records it in its history and the Emerging issues page', async () => {
    const person = await signedIn(t, 'participant');
    const me = as(person);
    const target = unstarred[0];
    const answer = await me.mark(target.id, '  Cheap to run and clinicians already ask for it  ');
    expect(answer.errors).toEqual([]);
    expect(answer.recommendation).toEqual({ id: target.id, starCount: 1 });
    expect(answer.star!.reason).toBe('Cheap to run and clinicians already ask for it');

    const view = await me.read(target.id);
    expect(view.viewerHasStarred).toBe(true);
    expect(view.stars.map((star) => [star.user.username, star.reason])).toEqual([[person.username, 'Cheap to run and clinicians already ask for it']]);
    expect(view.history.edges[0].node).toMatchObject({
      kind: 'Stars',
      note: 'Cheap to run and clinicians already ask for it',
      actor: { username: person.username },
      details: { recommendationIds: [target.id], recommendationText: target.text },
    });
    // Someone else, and an anonymous reader, have not starred it.
    expect((await as(await signedIn(t, 'participant')).read(target.id)).viewerHasStarred).toBe(false);
    expect((await t.driver.anonymous.query<{ recommendation: RecommendationView }>(RECOMMENDATION, { id: target.id })).data!.recommendation.viewerHasStarred).toBe(false);

    const page = await t.driver.anonymous.query<{ page: { latestChange: { kind: string; recommendationCount: number; actor: { username: string } }; history: { edges: { node: { kind: string } }[] } } }>(
      `{ page(slug: "emerging-issues") { latestChange { kind recommendationCount actor { username } } history(first: 1) { edges { node { kind } } } } }`,
    );
    expect(page.data!.page.latestChange).toEqual({ kind: 'Stars', recommendationCount: 1, actor: { username: person.username } });
    expect(page.data!.page.history.edges[0].node.kind).toBe('Stars');
  });

  it('refuses a second mark by the same person, and changes nothing', async () => {
    const me = as(await signedIn(t, 'participant'));
    const target = unstarred[1];
    expect((await me.mark(target.id, 'First reason')).errors).toEqual([]);
    const changes = await t.dataSource.query('SELECT count(*)::int AS n FROM changes WHERE recommendation_id = $1', [target.id]);
    const again = await me.mark(target.id, 'Second reason');
    expect(again.errors.map((error) => error.code)).toEqual(['STAR_EXISTS']);
    expect(again.recommendation).toBeNull();
    expect((await starRows(target.id)).map((row) => row.reason)).toEqual(['First reason']);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM changes WHERE recommendation_id = $1', [target.id])).toEqual(changes);
  });

  it('refuses a mark without a reason, or with one over 1000 characters', async () => {
    const me = as(await signedIn(t, 'participant'));
    const target = unstarred[2];
    const empty = await me.mark(target.id, '   \n ');
    expect(empty.errors).toEqual([{ field: 'reason', code: 'REASON_REQUIRED', message: 'Enter why this is a simple, realistic mechanism' }]);
    const long = await me.mark(target.id, 'x'.repeat(1001));
    expect(long.errors.map((error) => [error.field, error.code])).toEqual([['reason', 'REASON_TOO_LONG']]);
    expect((await me.mark(target.id, 'y'.repeat(1000))).errors).toEqual([]);
    expect(await starRows(target.id)).toHaveLength(1);
  });

  it('lets a person withdraw their own mark, once', async () => {
    const person = await signedIn(t, 'participant');
    const me = as(person);
    const other = await signedIn(t, 'participant');
    const target = unstarred[3];
    await me.mark(target.id, 'Mine');
    await as(other).mark(target.id, 'Theirs');
    const withdrawn = await me.withdraw(target.id);
    expect(withdrawn.errors).toEqual([]);
    expect(withdrawn.recommendation).toEqual({ id: target.id, starCount: 1 });
    expect((await starRows(target.id)).map((row) => row.reason)).toEqual(['Theirs']);
    const view = await me.read(target.id);
    expect(view.viewerHasStarred).toBe(false);
    expect(view.history.edges[0].node).toMatchObject({ kind: 'StarWithdrawn', actor: { username: person.username }, details: { starOwnerUsername: person.username, recommendationText: target.text } });
    expect((await me.withdraw(target.id)).errors.map((error) => error.code)).toEqual(['NO_STAR']);
    expect(await starRows(target.id)).toHaveLength(1);
  });

  it('lets a moderator remove a mark with a reason, logged in the history and the audit log', async () => {
    const owner = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const target = unstarred[4];
    const { star } = await as(owner).mark(target.id, 'Spam link here');
    expect((await as(moderator).remove(star!.id, '  ')).errors.map((error) => [error.field, error.code])).toEqual([['reason', 'REASON_REQUIRED']]);
    expect(await starRows(target.id)).toHaveLength(1);
    // A participant may not, not even the mark's owner.
    const refused = await t.driver.as(owner).query(REMOVE, { input: { starId: star!.id, reason: 'Mine' } });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

    const removed = await as(moderator).remove(star!.id, 'Advertising, not a reason');
    expect(removed.errors).toEqual([]);
    expect(removed.recommendation).toEqual({ id: target.id, starCount: 0 });
    expect(await starRows(target.id)).toEqual([]);
    const view = await as(moderator).read(target.id);
    expect(view.history.edges[0].node).toMatchObject({
      kind: 'StarRemoved',
      note: 'Advertising, not a reason',
      actor: { username: moderator.username },
      details: { starOwnerUsername: owner.username },
    });
    const audit = await t.dataSource.query(`SELECT actor_id, action, subject_type, subject_id, before, after, reason FROM audit_entries WHERE subject_type = 'star' AND subject_id = $1`, [star!.id]);
    expect(audit).toEqual([
      {
        actor_id: moderator.id,
        action: 'star.removed',
        subject_type: 'star',
        subject_id: star!.id,
        before: { recommendationId: target.id, username: owner.username, reason: 'Spam link here' },
        after: null,
        reason: 'Advertising, not a reason',
      },
    ]);
    expect((await as(moderator).remove(star!.id, 'Again')).errors.map((error) => error.code)).toEqual(['STAR_NOT_FOUND']);
  });

  it('refuses marks on archived and merged recommendations, and says where a merged one went', async () => {
    const me = as(await signedIn(t, 'participant'));
    const [archived, merged, survivor] = [unstarred[5], unstarred[6], unstarred[7]];
    await t.dataSource.query(`UPDATE recommendations SET status = 'archived' WHERE id = $1`, [archived.id]);
    await t.dataSource.query(`UPDATE recommendations SET status = 'merged', merged_into_id = $2 WHERE id = $1`, [merged.id, survivor.id]);
    expect((await me.mark(archived.id, 'Still good')).errors.map((error) => error.code)).toEqual(['RECOMMENDATION_ARCHIVED']);
    expect((await me.mark(merged.id, 'Still good')).errors.map((error) => error.code)).toEqual(['RECOMMENDATION_MERGED']);
    expect((await me.mark(2_000_000, 'No such')).errors.map((error) => error.code)).toEqual(['RECOMMENDATION_NOT_FOUND']);
    expect(await starRows(archived.id)).toEqual([]);
    expect(await starRows(merged.id)).toEqual([]);
    expect((await me.read(merged.id)).mergedInto).toEqual({ id: survivor.id });
    expect((await me.read(archived.id)).status).toBe('Archived');
  });

  it('keeps a mark on a recommendation in an archived area out of the page that shows the areas', async () => {
    const me = as(await signedIn(t, 'participant'));
    const area = await makeArea(t, { slug: 'put-away', title: 'Put away', position: 99, archivedAt: new Date() });
    const recommendation = await makeRecommendation(t, area, { position: 1, text: 'Still active, area archived' });
    expect((await me.mark(recommendation.id, 'Reason')).errors).toEqual([]);
    expect(await t.dataSource.query('SELECT kind, page_id, area_id FROM changes WHERE recommendation_id = $1', [recommendation.id])).toEqual([{ kind: 'stars', page_id: null, area_id: area.id }]);
    expect((await me.read(recommendation.id)).history.totalCount).toBe(1);
  });

  it("shows davemiller's 2008 update, one change naming six recommendations, in each of their histories", async () => {
    const [benchmarking] = await t.dataSource.query(`SELECT id FROM recommendations WHERE text = 'Benchmarking'`);
    const view = await as(null).read(benchmarking.id);
    expect(view.history.edges.map((edge) => [edge.node.kind, edge.node.actor.username])).toEqual([['Stars', 'davemiller']]);
    expect(view.history.edges[0].node.details.recommendationIds).toHaveLength(6);
    expect((await as(null).read(unstarred[10].id)).history.edges.map((edge) => edge.node.actor.username)).not.toContain('davemiller');
  });

  it('lists the threads started about a recommendation', async () => {
    const target = unstarred[8];
    const [{ page_id: pageId, starter_id: starterId }] = await t.dataSource.query('SELECT page_id, starter_id FROM threads ORDER BY id LIMIT 1');
    // Backdated, which starting a thread cannot do: the list is newest first.
    await makeThread(t, { page: pageId, recommendation: target, subject: 'Older', body: 'b', starter: starterId, createdAt: new Date(Date.now() - 24 * 60 * 60 * 1000) });
    await makeThread(t, { page: pageId, recommendation: target, subject: 'Newer', body: 'b', starter: starterId });
    expect((await as(null).read(target.id)).threads.map((thread) => thread.subject)).toEqual(['Newer', 'Older']);
  });

  it('reads a list of recommendations with their stars in a fixed number of SQL statements', async () => {
    const viewer = await signedIn(t, 'participant');
    const LIST = `{ areas { recommendations { id text starCount viewerHasStarred mergedInto { id } area { slug } stars { reason createdAt user { username } } threads { id } history(first: 1) { totalCount } } } }`;
    const run = () => t.driver.as(viewer).query(LIST);
    const before = await countStatements(run);
    // Many more stars, by more people, on more recommendations.
    const people = await Promise.all(Array.from({ length: 5 }, () => signedIn(t, 'participant')));
    for (const person of people) {
      for (const target of unstarred.slice(9, 20)) expect((await as(person).mark(target.id, 'Realistic')).errors).toEqual([]);
    }
    const after = await countStatements(run);
    expect((await run()).errors).toBeUndefined();
    // history is one statement pair per recommendation (a connection, like a page's): the rest is batched.
    const batched = (statements: string[]) => statements.filter((sql) => !/FROM "changes"/.test(sql)).length;
    expect(batched(after)).toBe(batched(before));
    expect(batched(after)).toBeLessThanOrEqual(12);
  });
});
