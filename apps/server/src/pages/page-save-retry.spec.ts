import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const SAVE = `mutation ($input: SavePageInput!) { savePage(input: $input) { outcome revision { id body } errors { field code message } } }`;
const PAGE = `query ($slug: String!) { page(slug: $slug) { currentRevision { id body } history(first: 50) { totalCount } } }`;

type Payload = { outcome: string; revision: { id: number; body: string } | null; errors: { field: string | null; code: string; message: string }[] };
type PageView = { currentRevision: { id: number; body: string }; history: { totalCount: number } };

/**
 * A save sent again: the browser resubmits the form, or the answer was lost (connection reset, the
 * server restarted) and the client retries. With the idempotency key the form carries, a save is
 * made once however often it is sent, even when someone else changed the page in between.
 */
describe('saving a page again with the same idempotency key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const save = async (person: Actor, input: Record<string, unknown>) => (await t.driver.as(person).query<{ savePage: Payload }>(SAVE, { input })).data!.savePage;
  const read = async (slug: string) => (await t.driver.anonymous.query<{ page: PageView }>(PAGE, { slug })).data!.page;

  it('answers a retry with the revision already saved, and does not undo a later edit by saving it twice', async () => {
    const slug = 'reading-list';
    const alice = await signedIn(t, 'participant');
    const bob = await signedIn(t, 'participant');
    const before = await read(slug);
    const base = before.currentRevision;
    const aliceText = `${base.body}\n\nAlice adds: the unique sentence about safety cases.\n`;

    const first = await save(alice, { slug, baseRevisionId: base.id, body: aliceText, summary: 'A sentence', idempotencyKey: 'save-4c1e' });
    expect(first.outcome).toBe('Saved');
    // Bob takes Alice's sentence out again.
    const bobs = await save(bob, { slug, baseRevisionId: first.revision!.id, body: base.body, summary: 'Not needed' });
    expect(bobs.outcome).toBe('Saved');

    // Alice never saw her answer, so her client sends the same save again.
    const retried = await save(alice, { slug, baseRevisionId: base.id, body: aliceText, summary: 'A sentence', idempotencyKey: 'save-4c1e' });
    expect(retried).toMatchObject({ outcome: 'Saved', errors: [], revision: { id: first.revision!.id } });
    const after = await read(slug);
    expect(after.currentRevision.id).toBe(bobs.revision!.id);
    expect(after.currentRevision.body).not.toContain('the unique sentence about safety cases');
    expect(after.history.totalCount).toBe(before.history.totalCount + 2);
  });

  it('makes one revision when the same save is sent five times at once', async () => {
    const slug = 'emerging-issues';
    const alice = await signedIn(t, 'participant');
    const before = await read(slug);
    const body = `${before.currentRevision.body}\n\nSent five times, saved once.\n`;
    const results = await Promise.all(Array.from({ length: 5 }, () => save(alice, { slug, baseRevisionId: before.currentRevision.id, body, idempotencyKey: 'save-five' })));
    expect(new Set(results.map((result) => result.revision?.id)).size).toBe(1);
    expect(results.every((result) => result.outcome === 'Saved')).toBe(true);
    expect((await read(slug)).history.totalCount).toBe(before.history.totalCount + 1);
    // Another save by the same person needs a new key; the old one, sent for another page, is refused.
    const other = await read('reading-list');
    const reused = await save(alice, { slug: 'reading-list', baseRevisionId: other.currentRevision.id, body: `${other.currentRevision.body}\n\nElsewhere.\n`, idempotencyKey: 'save-five' });
    expect(reused).toMatchObject({ outcome: 'Invalid', revision: null, errors: [{ field: 'idempotencyKey', code: 'IDEMPOTENCY_KEY_REUSED' }] });
    const tooLong = await save(alice, { slug, baseRevisionId: before.currentRevision.id, body, idempotencyKey: 'k'.repeat(101) });
    expect(tooLong.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_INVALID']);
  });
});
