import { makeRecommendation, makeStar, makeThread } from '../testing/factories';
import { countStatements } from '../testing/count-statements';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

type Errors = { field: string | null; code: string; message: string }[];
type AreaPayload = { area: { id: number; slug: string; title: string; description: string; position: number; archived: boolean } | null; errors: Errors };
type RecPayload = { recommendation: { id: number; text: string; areaId: number; position: number; status: string; isNew: boolean } | null; errors: Errors };

const AREA_FIELDS = 'area { id slug title description position archived } errors { field code message }';
const REC_FIELDS = 'recommendation { id text areaId position status isNew } errors { field code message }';
const AREA_MUTATIONS = ['createArea', 'renameArea', 'describeArea', 'moveArea', 'archiveArea', 'restoreArea'];
const INPUT_TYPES: Record<string, string> = {
  createArea: 'CreateAreaInput',
  renameArea: 'RenameAreaInput',
  describeArea: 'DescribeAreaInput',
  moveArea: 'MoveAreaInput',
  archiveArea: 'AreaReasonInput',
  restoreArea: 'AreaReasonInput',
  proposeRecommendation: 'ProposeRecommendationInput',
  markRecommendationSeen: 'MarkRecommendationSeenInput',
  rewordRecommendation: 'RewordRecommendationInput',
  moveRecommendationToArea: 'MoveRecommendationToAreaInput',
  reorderRecommendation: 'ReorderRecommendationInput',
  mergeRecommendations: 'MergeRecommendationsInput',
  archiveRecommendation: 'RecommendationReasonInput',
  restoreRecommendation: 'RecommendationReasonInput',
};

describe('curating areas and recommendations', () => {
  let t: TestApp;
  let moderator: { cookie: string; id: number; username: string };
  let participant: { cookie: string; id: number; username: string };
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false }); // many acts by one moderator
    moderator = await signedIn(t, 'moderator');
    participant = await signedIn(t, 'participant');
  });
  afterAll(async () => {
    await t.close();
  });

  async function act<P>(name: string, input: Record<string, unknown>, person: Actor = moderator): Promise<P> {
    const fields = AREA_MUTATIONS.includes(name) ? AREA_FIELDS : REC_FIELDS;
    const response = await t.driver.as(person).query<Record<string, P>>(`mutation ($input: ${INPUT_TYPES[name]}!) { ${name}(input: $input) { ${fields} } }`, { input });
    expect(response.errors).toBeUndefined();
    return response.data![name];
  }
  const area = (input: Record<string, unknown>, name: string) => act<AreaPayload>(name, input);
  const rec = (name: string, input: Record<string, unknown>, person?: Actor) => act<RecPayload>(name, input, person);

  async function areaList(includeArchived = false): Promise<{ id: number; title: string; slug: string; recommendations: { id: number; text: string }[] }[]> {
    const response = await t.driver.anonymous.query<{ areas: { id: number; title: string; slug: string; recommendations: { id: number; text: string }[] }[] }>(
      'query ($all: Boolean) { areas(includeArchived: $all) { id title slug recommendations { id text } } }',
      { all: includeArchived },
    );
    return response.data!.areas;
  }
  async function orderIn(areaId: number): Promise<string[]> {
    const rows: { text: string }[] = await t.dataSource.query(`SELECT text FROM recommendations WHERE area_id = $1 AND status = 'active' ORDER BY position, id`, [areaId]);
    return rows.map((row) => row.text);
  }
  async function positionsIn(areaId: number): Promise<number[]> {
    const rows: { position: number }[] = await t.dataSource.query(`SELECT position FROM recommendations WHERE area_id = $1 AND status = 'active' ORDER BY position, id`, [areaId]);
    return rows.map((row) => row.position);
  }
  async function auditFor(subjectType: string, subjectId: number): Promise<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; reason: string; actor_id: number }[]> {
    return t.dataSource.query('SELECT action, before, after, reason, actor_id FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY id', [subjectType, subjectId]);
  }
  async function newArea(title: string): Promise<number> {
    const created = await area({ title, description: `About ${title}` }, 'createArea');
    expect(created.errors).toEqual([]);
    return created.area!.id;
  }
  async function propose(areaId: number, text: string, person: Actor = participant): Promise<number> {
    const proposed = await rec('proposeRecommendation', { areaId, text }, person);
    expect(proposed.errors).toEqual([]);
    return proposed.recommendation!.id;
  }

  it('the seeded page still shows 34 recommendations in five areas, in their seeded order', async () => {
    const areas = await areaList();
    expect(areas.map((a) => a.recommendations.length)).toEqual([8, 6, 9, 5, 6]);
    expect(areas.reduce((sum, a) => sum + a.recommendations.length, 0)).toBe(34);
  });

  it('renames and describes an area, with a change on Emerging issues and an audit entry', async () => {
    const id = await newArea('Procurement');
    const renamed = await area({ areaId: id, title: '  Procurement   and contracts ', reason: 'Broader' }, 'renameArea');
    expect(renamed.errors).toEqual([]);
    expect(renamed.area).toMatchObject({ title: 'Procurement and contracts', slug: 'procurement' });
    expect((await area({ areaId: id, title: '' }, 'renameArea')).errors[0]).toMatchObject({ field: 'title', code: 'TITLE_REQUIRED' });
    expect((await area({ areaId: id, description: 'Buying systems' }, 'describeArea')).area!.description).toBe('Buying systems');

    const audit = await auditFor('area', id);
    expect(audit.map((entry) => entry.action)).toEqual(['area.created', 'area.renamed', 'area.described']);
    expect(audit[1]).toMatchObject({ before: { title: 'Procurement' }, after: { title: 'Procurement and contracts' }, reason: 'Broader', actor_id: moderator.id });

    const history = await t.driver.anonymous.query<{ page: { history: { edges: { node: { kind: string; note: string; actor: { username: string }; details: { areaTitle: string; areaAction: string } } }[] } } }>(
      'query { page(slug: "emerging-issues") { history(first: 3) { edges { node { kind note actor { username } details { areaTitle areaAction } } } } } }',
    );
    expect(history.data!.page.history.edges[0].node).toMatchObject({ kind: 'AreaChanged', actor: { username: moderator.username }, details: { areaTitle: 'Procurement and contracts', areaAction: 'described' } });
    expect(history.data!.page.history.edges[1].node).toMatchObject({ kind: 'AreaChanged', note: 'Broader', details: { areaAction: 'renamed' } });
  });

  it('reorders areas relative to the current order, and refuses a participant', async () => {
    const before = (await areaList()).map((a) => a.id);
    const last = before[before.length - 1];
    const moved = await area({ areaId: last, direction: 'Up' }, 'moveArea');
    expect(moved.errors).toEqual([]);
    const after = (await areaList()).map((a) => a.id);
    expect(after).toEqual([...before.slice(0, -2), last, before[before.length - 2]]);
    expect((await area({ areaId: last, position: 1 }, 'moveArea')).area!.position).toBe(1);
    expect((await areaList()).map((a) => a.id)[0]).toBe(last);
    expect((await area({ areaId: last, direction: 'Up' }, 'moveArea')).errors[0].code).toBe('UNCHANGED');
    // Put it back at the end, so the seeded five keep their order for the other tests.
    await area({ areaId: last, position: 99 }, 'moveArea');
    expect((await areaList()).map((a) => a.id)).toEqual(before);
    const refused = await t.driver.as(participant).query('mutation { moveArea(input: { areaId: 1, direction: Down }) { errors { code } } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('archives an area: gone from the list, its page reachable, restorable; nothing can be moved into it', async () => {
    const id = await newArea('Short-lived');
    const elsewhere = await newArea('Somewhere else');
    const recId = await propose(elsewhere, 'Keep a register of suppliers');
    expect((await area({ areaId: id, reason: 'Not needed' }, 'archiveArea')).area!.archived).toBe(true);
    expect((await areaList()).some((a) => a.id === id)).toBe(false);
    expect((await areaList(true)).some((a) => a.id === id)).toBe(true);
    const page = await t.driver.anonymous.query<{ area: { title: string; archived: boolean } }>('query { area(slug: "short-lived") { title archived } }');
    expect(page.data!.area).toEqual({ title: 'Short-lived', archived: true });

    const move = await rec('moveRecommendationToArea', { recommendationId: recId, areaId: id });
    expect(move.errors[0]).toMatchObject({ field: 'areaId', code: 'AREA_ARCHIVED' });
    expect((await rec('proposeRecommendation', { areaId: id, text: 'Anything' }, participant)).errors[0].code).toBe('AREA_ARCHIVED');

    expect((await area({ areaId: id }, 'restoreArea')).area!.archived).toBe(false);
    expect((await areaList()).some((a) => a.id === id)).toBe(true);
    expect((await auditFor('area', id)).map((entry) => entry.action)).toEqual(['area.created', 'area.archived', 'area.restored']);
  });

  it('takes proposals from participants, new until seen, and refuses empty, long and duplicate text', async () => {
    const id = await newArea('Proposals');
    const proposed = await rec('proposeRecommendation', { areaId: id, text: '  Involve   patients early ' }, participant);
    expect(proposed.errors).toEqual([]);
    expect(proposed.recommendation).toMatchObject({ text: 'Involve patients early', isNew: true, status: 'Active', position: 1 });
    const recId = proposed.recommendation!.id;

    expect((await rec('proposeRecommendation', { areaId: id, text: 'INVOLVE patients\nearly' }, participant)).errors[0]).toMatchObject({ field: 'text', code: 'DUPLICATE_RECOMMENDATION' });
    expect((await rec('proposeRecommendation', { areaId: id, text: '   ' }, participant)).errors[0]).toMatchObject({ field: 'text', code: 'TEXT_REQUIRED' });
    expect((await rec('proposeRecommendation', { areaId: id, text: 'x'.repeat(1001) }, participant)).errors[0]).toMatchObject({ field: 'text', code: 'TEXT_TOO_LONG' });
    expect(await orderIn(id)).toEqual(['Involve patients early']);

    const queue = await t.driver.as(moderator).query<{ newRecommendations: { id: number; proposedBy: { username: string } }[] }>('query { newRecommendations { id proposedBy { username } } }');
    expect(queue.data!.newRecommendations).toContainEqual({ id: recId, proposedBy: { username: participant.username } });
    // The masterclass's own list was never a proposal waiting to be seen.
    expect(queue.data!.newRecommendations.every((row) => row.proposedBy !== null)).toBe(true);
    const seeded = await t.driver.anonymous.query<{ areas: { recommendations: { isNew: boolean }[] }[] }>('{ areas { recommendations { isNew } } }');
    expect(seeded.data!.areas.slice(0, 5).flatMap((a) => a.recommendations).some((r) => r.isNew)).toBe(false);
    const hidden = await t.driver.as(participant).query('query { newRecommendations { id } }');
    expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    expect((await rec('markRecommendationSeen', { recommendationId: recId })).recommendation!.isNew).toBe(false);
    const after = await t.driver.as(moderator).query<{ newRecommendations: { id: number }[] }>('query { newRecommendations { id } }');
    expect(after.data!.newRecommendations.map((r) => r.id)).not.toContain(recId);
    expect((await auditFor('recommendation', recId)).map((entry) => entry.action)).toEqual(['recommendation.seen']);
    const changes: { kind: string; page_id: number | null }[] = await t.dataSource.query('SELECT kind, page_id FROM changes WHERE recommendation_id = $1', [recId]);
    expect(changes).toEqual([{ kind: 'recommendation_proposed', page_id: expect.any(Number) }]);
  });

  it('rewords with a reason, refusing empty, duplicate and reasonless rewordings', async () => {
    const id = await newArea('Rewording');
    const a = await propose(id, 'Train the clinicians');
    await propose(id, 'Fund the training');
    expect((await rec('rewordRecommendation', { recommendationId: a, text: 'Train clinicians in the system', reason: '' })).errors[0]).toMatchObject({ field: 'reason', code: 'REASON_REQUIRED' });
    expect((await rec('rewordRecommendation', { recommendationId: a, text: '  ', reason: 'Clearer' })).errors[0]).toMatchObject({ field: 'text', code: 'TEXT_REQUIRED' });
    expect((await rec('rewordRecommendation', { recommendationId: a, text: 'fund THE training', reason: 'Clearer' })).errors[0]).toMatchObject({ field: 'text', code: 'DUPLICATE_RECOMMENDATION' });
    expect(await orderIn(id)).toEqual(['Train the clinicians', 'Fund the training']);

    const done = await rec('rewordRecommendation', { recommendationId: a, text: 'Train clinicians in the system', reason: 'Clearer' });
    expect(done.recommendation!.text).toBe('Train clinicians in the system');
    expect(await auditFor('recommendation', a)).toEqual([
      expect.objectContaining({ action: 'recommendation.reworded', before: { text: 'Train the clinicians' }, after: { text: 'Train clinicians in the system' }, reason: 'Clearer' }),
    ]);
    const refused = await t.driver.as(participant).query('mutation { rewordRecommendation(input: { recommendationId: 1, text: "x", reason: "y" }) { errors { code } } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('moves a recommendation to another area, at its end, with the change in the page history', async () => {
    const from = await newArea('Moving from');
    const to = await newArea('Moving to');
    const a = await propose(from, 'Share the safety case');
    await propose(to, 'Already here');
    const moved = await rec('moveRecommendationToArea', { recommendationId: a, areaId: to, reason: 'Fits better' });
    expect(moved.errors).toEqual([]);
    expect(moved.recommendation).toMatchObject({ areaId: to, position: 2 });
    expect(await orderIn(to)).toEqual(['Already here', 'Share the safety case']);
    expect(await orderIn(from)).toEqual([]);
    expect(await auditFor('recommendation', a)).toEqual([
      expect.objectContaining({ action: 'recommendation.moved', before: expect.objectContaining({ areaId: from, area: 'Moving from' }), after: expect.objectContaining({ areaId: to, area: 'Moving to' }), reason: 'Fits better' }),
    ]);
    const history = await t.driver.anonymous.query<{ page: { history: { edges: { node: { kind: string; details: { fromAreaTitle: string; toAreaTitle: string; recommendationText: string } } }[] } } }>(
      'query { page(slug: "emerging-issues") { history(first: 1) { edges { node { kind details { fromAreaTitle toAreaTitle recommendationText } } } } } }',
    );
    expect(history.data!.page.history.edges[0].node).toEqual({ kind: 'RecommendationMoved', details: { fromAreaTitle: 'Moving from', toAreaTitle: 'Moving to', recommendationText: 'Share the safety case' } });
    expect((await rec('moveRecommendationToArea', { recommendationId: a, areaId: to })).errors[0].code).toBe('UNCHANGED');
  });

  it('reorders by up, down and position, relative to the current order', async () => {
    const id = await newArea('Ordering');
    const ids: number[] = [];
    for (const text of ['A', 'B', 'C', 'D']) ids.push(await propose(id, text));
    expect((await rec('reorderRecommendation', { recommendationId: ids[3], direction: 'Up' })).recommendation!.position).toBe(3);
    expect(await orderIn(id)).toEqual(['A', 'B', 'D', 'C']);
    await rec('reorderRecommendation', { recommendationId: ids[0], direction: 'Down' });
    expect(await orderIn(id)).toEqual(['B', 'A', 'D', 'C']);
    await rec('reorderRecommendation', { recommendationId: ids[2], position: 1 });
    expect(await orderIn(id)).toEqual(['C', 'B', 'A', 'D']);
    expect((await rec('reorderRecommendation', { recommendationId: ids[2], direction: 'Up' })).errors[0].code).toBe('UNCHANGED');
    expect((await rec('reorderRecommendation', { recommendationId: ids[2], position: 0 })).errors[0]).toMatchObject({ field: 'position', code: 'POSITION_INVALID' });
    expect((await rec('reorderRecommendation', { recommendationId: ids[2] })).errors[0].code).toBe('POSITION_REQUIRED');
    expect(await positionsIn(id)).toEqual([1, 2, 3, 4]);
    expect((await auditFor('recommendation', ids[2])).map((entry) => [entry.action, entry.before, entry.after])).toEqual([['recommendation.reordered', { position: 4 }, { position: 1 }]]);
  });

  it('two moderators reordering at once never scramble or duplicate positions', async () => {
    const id = await newArea('Concurrent ordering');
    const ids: number[] = [];
    for (let i = 1; i <= 8; i++) ids.push(await propose(id, `Item ${i}`));
    const other = await signedIn(t, 'moderator');
    // Sixteen moves at once from two people, each relative to the order as it is when it runs.
    const moves = Array.from({ length: 16 }, (_, i) =>
      rec('reorderRecommendation', i % 2 === 0 ? { recommendationId: ids[i % 8], direction: 'Up' } : { recommendationId: ids[(i * 3) % 8], position: (i % 8) + 1 }, i % 2 === 0 ? moderator : other),
    );
    const results = await Promise.all(moves);
    for (const result of results) expect(result.errors.every((error) => error.code === 'UNCHANGED')).toBe(true);
    const positions = await positionsIn(id);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...(await orderIn(id))].sort()).toEqual(['Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5', 'Item 6', 'Item 7', 'Item 8']);

    // A stale view ("move the 2nd one up") applies to where the item is now, not where it was.
    const now = await orderIn(id);
    const last = ids[Number(now[7].split(' ')[1]) - 1];
    await rec('reorderRecommendation', { recommendationId: last, direction: 'Up' });
    expect((await orderIn(id))[6]).toBe(now[7]);
  });

  it('merges: stars, threads and history move to the survivor; the merged one points at it; bad merges are refused', async () => {
    const id = await newArea('Merging');
    const a = await propose(id, 'Publish the risk log');
    const b = await propose(id, 'Make the risk log public');
    const c = await propose(id, 'Something else');
    const [alice, bob] = [await signedIn(t, 'participant'), await signedIn(t, 'participant')];
    await makeStar(t, a, alice, 'Alice on A');
    await makeStar(t, a, bob, 'Bob on A');
    await makeStar(t, b, bob, 'Bob on B');
    const { id: threadId } = await makeThread(t, { page: 'emerging-issues', recommendation: a, subject: 'About A', body: 'Why?', starter: alice });
    await rec('rewordRecommendation', { recommendationId: a, text: 'Publish the risk log quarterly', reason: 'More precise' });

    expect((await rec('mergeRecommendations', { recommendationId: a, intoId: a })).errors[0]).toMatchObject({ field: 'intoId', code: 'MERGE_INTO_ITSELF' });
    await rec('archiveRecommendation', { recommendationId: c, reason: 'Off topic' });
    expect((await rec('mergeRecommendations', { recommendationId: a, intoId: c })).errors[0]).toMatchObject({ field: 'intoId', code: 'TARGET_ARCHIVED' });

    const merged = await rec('mergeRecommendations', { recommendationId: a, intoId: b, reason: 'Duplicates' });
    expect(merged.errors).toEqual([]);
    expect(merged.recommendation!.id).toBe(b);

    const stars: { user_id: number; reason: string }[] = await t.dataSource.query('SELECT user_id, reason FROM stars WHERE recommendation_id = $1 ORDER BY user_id', [b]);
    expect(stars).toEqual([
      { user_id: alice.id, reason: 'Alice on A' },
      { user_id: bob.id, reason: 'Bob on B' },
    ]);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM stars WHERE recommendation_id = $1', [a])).toEqual([{ n: 0 }]);
    expect(await t.dataSource.query('SELECT recommendation_id FROM threads WHERE id = $1', [threadId])).toEqual([{ recommendation_id: b }]);
    const history: { kind: string }[] = await t.dataSource.query('SELECT kind FROM changes WHERE recommendation_id = $1 ORDER BY id', [b]);
    expect(history.map((row) => row.kind)).toEqual(['recommendation_proposed', 'recommendation_proposed', 'recommendation_reworded', 'recommendations_merged']);

    const view = await t.driver.anonymous.query<{ recommendation: { status: string; mergedInto: { id: number } | null } }>('query ($id: Int!) { recommendation(id: $id) { status mergedInto { id } } }', { id: a });
    expect(view.data!.recommendation).toEqual({ status: 'Merged', mergedInto: { id: b } });
    expect(await orderIn(id)).toEqual(['Make the risk log public']);

    const [entry] = (await auditFor('recommendation', a)).filter((row) => row.action === 'recommendation.merged');
    expect(entry.reason).toBe('Duplicates');
    expect(entry.after).toMatchObject({ mergedIntoId: b, threadsMoved: [threadId], starsDropped: [expect.objectContaining({ userId: bob.id, reason: 'Bob on A' })] });

    expect((await rec('mergeRecommendations', { recommendationId: a, intoId: b })).errors[0]).toMatchObject({ code: 'ALREADY_MERGED' });
    const d = await propose(id, 'Another one');
    expect((await rec('mergeRecommendations', { recommendationId: d, intoId: a })).errors[0]).toMatchObject({ field: 'intoId', code: 'TARGET_MERGED' });
  });

  it('archives and restores a recommendation: hidden from lists, still reachable, back at the end', async () => {
    const id = await newArea('Archiving');
    const a = await propose(id, 'First');
    await propose(id, 'Second');
    const archived = await rec('archiveRecommendation', { recommendationId: a, reason: 'Superseded' });
    expect(archived.recommendation!.status).toBe('Archived');
    expect(await orderIn(id)).toEqual(['Second']);
    const listed = (await areaList()).find((row) => row.id === id)!;
    expect(listed.recommendations.map((r) => r.text)).toEqual(['Second']);
    const reachable = await t.driver.anonymous.query<{ recommendation: { text: string; status: string } }>('query ($id: Int!) { recommendation(id: $id) { text status } }', { id: a });
    expect(reachable.data!.recommendation).toEqual({ text: 'First', status: 'Archived' });
    expect((await rec('archiveRecommendation', { recommendationId: a })).errors[0].code).toBe('UNCHANGED');

    expect((await rec('restoreRecommendation', { recommendationId: a })).recommendation!.status).toBe('Active');
    expect(await orderIn(id)).toEqual(['Second', 'First']);
    expect((await auditFor('recommendation', a)).map((entry) => [entry.action, entry.reason])).toEqual([
      ['recommendation.archived', 'Superseded'],
      ['recommendation.restored', ''],
    ]);
  });

  it('keeps acts inside an archived area out of the page timeline, but in the recommendation’s', async () => {
    const id = await newArea('Archived inside');
    const a = await propose(id, 'Inside one');
    await propose(id, 'Inside two');
    await area({ areaId: id, reason: 'Trying' }, 'archiveArea');
    const [{ latest }]: { latest: number }[] = await t.dataSource.query(`SELECT max(id) AS latest FROM changes WHERE page_id IS NOT NULL`);
    expect((await rec('reorderRecommendation', { recommendationId: a, direction: 'Down' })).errors).toEqual([]);
    expect((await area({ areaId: id, title: 'Archived inside, renamed' }, 'renameArea')).errors).toEqual([]);
    const [{ after }]: { after: number }[] = await t.dataSource.query(`SELECT max(id) AS after FROM changes WHERE page_id IS NOT NULL`);
    expect(after).toBe(latest);
    const own: { kind: string; page_id: number | null }[] = await t.dataSource.query('SELECT kind, page_id FROM changes WHERE recommendation_id = $1 ORDER BY id', [a]);
    expect(own).toEqual([
      { kind: 'recommendation_proposed', page_id: expect.any(Number) },
      { kind: 'recommendation_reordered', page_id: null },
    ]);
    await area({ areaId: id }, 'restoreArea');
  });

  it('reads the areas and an area page in a fixed number of statements, however many items (no N+1)', async () => {
    const id = await newArea('Counting');
    const PAGE = `query ($slug: String!) {
      area(slug: $slug) { id title archived recommendations { id text isNew proposedBy { username } } archivedRecommendations { id text } pages { slug title } }
      areas { id slug title recommendationCount pages { slug } recommendations { id text } }
    }`;
    const run = () => t.graphql.execute(PAGE, { slug: 'counting' });
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const person = await signedIn(t, 'participant');
        await propose(id, `Counted ${n} ${i}`, person);
      }
      await makeRecommendation(t, id, { position: 100, text: `Archived ${n}`, status: 'archived' });
    };
    await grow(2);
    const few = await countStatements(run);
    await grow(8);
    const many = await countStatements(run);
    const { data } = await run();
    expect((data as { area: { recommendations: unknown[] } }).area.recommendations).toHaveLength(10);
    // Batched per request: the count depends on the query's depth, not on the data (DataLoader may
    // batch one level in one or two statements, depending on timing). Ten proposers one by one would be 10 more.
    expect(few.length).toBeLessThanOrEqual(10);
    expect(many.length).toBeLessThanOrEqual(10);
  });

  it('shows the audit log to moderators only, newest first, paginated by cursor', async () => {
    const LOG = 'query ($after: String) { auditLog(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { action subjectType subjectId before after reason createdAt actor { username } } } } }';
    type Log = { auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { action: string; before: string | null; after: string | null; actor: { username: string } } }[] } };
    const first = await t.driver.as(moderator).query<Log>(LOG);
    expect(first.errors).toBeUndefined();
    const log = first.data!.auditLog;
    expect(log.totalCount).toBeGreaterThan(10);
    expect(log.edges).toHaveLength(2);
    expect(log.pageInfo.hasNextPage).toBe(true);
    const [newest] = await t.dataSource.query('SELECT u.username FROM audit_entries a JOIN users u ON u.id = a.actor_id ORDER BY a.created_at DESC, a.id DESC LIMIT 1');
    expect(log.edges[0].node.actor.username).toBe(newest.username);
    const second = await t.driver.as(moderator).query<Log>(LOG, { after: log.pageInfo.endCursor });
    expect(second.data!.auditLog.edges).toHaveLength(2);
    expect(second.data!.auditLog.edges[0].node).not.toEqual(log.edges[0].node);
    const withJson = [...log.edges, ...second.data!.auditLog.edges].find((edge) => edge.node.after !== null)!;
    expect(() => JSON.parse(withJson.node.after!)).not.toThrow();

    // Each entry says where its subject can be seen: areas by slug, recommendations by id.
    const PATHS = '{ auditLog(first: 100) { edges { node { subjectType subjectId subjectPath } } } }';
    const paths = (await t.driver.as(moderator).query<{ auditLog: { edges: { node: { subjectType: string; subjectId: number; subjectPath: string | null } }[] } }>(PATHS)).data!.auditLog.edges.map((edge) => edge.node);
    const areaEntry = paths.find((entry) => entry.subjectType === 'area')!;
    const [area] = await t.dataSource.query('SELECT slug FROM areas WHERE id = $1', [areaEntry.subjectId]);
    expect(areaEntry.subjectPath).toBe(`/areas/${area.slug}`);
    const recommendationEntry = paths.find((entry) => entry.subjectType === 'recommendation')!;
    expect(recommendationEntry.subjectPath).toBe(`/recommendations/${recommendationEntry.subjectId}`);

    for (const reader of [participant, undefined]) {
      const refused = await t.driver.as(reader).query('{ auditLog { totalCount } }');
      expect(refused.errors?.[0].extensions?.code).toBe(reader ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
  });

  it('every moderator act wrote an audit entry, and every act a change on Emerging issues', async () => {
    const acts: { kind: string; n: number }[] = await t.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM changes WHERE (recommendation_id IS NOT NULL OR area_id IS NOT NULL) AND page_id = (SELECT id FROM pages WHERE slug = 'emerging-issues') GROUP BY kind ORDER BY kind`,
    );
    expect(acts.map((row) => row.kind)).toEqual([
      'area_changed',
      'recommendation_archived',
      'recommendation_moved',
      'recommendation_proposed',
      'recommendation_reordered',
      'recommendation_restored',
      'recommendation_reworded',
      'recommendations_merged',
    ]);
    const [{ moderatorActs }]: { moderatorActs: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS "moderatorActs" FROM changes WHERE kind <> 'recommendation_proposed' AND (recommendation_id IS NOT NULL OR area_id IS NOT NULL)`,
    );
    const [{ entries }]: { entries: number }[] = await t.dataSource.query(`SELECT count(*)::int AS entries FROM audit_entries WHERE action <> 'recommendation.seen'`);
    expect(entries).toBe(moderatorActs);
  });
});
