import { DISCUSSION_LIMITS } from '../discussions/posting.models';
import { PAGE_LIMITS } from '../pages/page-editing.models';
import type { MadePerson } from '../testing/factories';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const SAVE = `mutation ($i: SaveDraftInput!) { saveDraft(input: $i) { draft { key body title savedAt } errors { code field message } } }`;
const DISCARD = `mutation ($i: DiscardDraftInput!) { discardDraft(input: $i) { discarded errors { code field } } }`;
const ONE = `query ($key: String!) { viewerDraft(key: $key) { key title body summary tags baseRevisionId savedAt } }`;
const ALL = `query { viewerDrafts { key body } }`;

type Saved = { saveDraft: { draft: { key: string; body: string; savedAt: string } | null; errors: { code: string; field: string | null; message: string }[] } };

describe('drafts kept on the server, per person', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
  const save = async (person: MadePerson, i: Record<string, unknown>) => (await t.driver.as(person).query<Saved>(SAVE, { i })).data!.saveDraft;
  const read = async (person: MadePerson | null, key: string) =>
    (await t.driver.as(person).query<{ viewerDraft: Record<string, unknown> | null }>(ONE, { key })).data!.viewerDraft;

  it('keeps the newest save, and refuses an older one arriving late, whatever order they come in', async () => {
    const a = await signedIn(t, 'participant');
    const key = 'reply:17';
    expect((await save(a, { key, body: 'Second thoughts', savedAt: at(10) })).errors).toEqual([]);
    const late = await save(a, { key, body: 'First thoughts', savedAt: at(20) });
    expect(late.draft).toBeNull();
    expect(late.errors.map((error) => error.code)).toEqual(['DRAFT_OUTDATED']);
    // The same time is not newer either: a save sent twice changes nothing.
    expect((await save(a, { key, body: 'Same moment', savedAt: (await read(a, key))!.savedAt })).errors.map((error) => error.code)).toEqual(['DRAFT_OUTDATED']);
    expect(await read(a, key)).toMatchObject({ key, body: 'Second thoughts', title: '', summary: '', tags: '' });
    expect((await save(a, { key, body: 'Third thoughts', savedAt: at(1) })).draft).toMatchObject({ body: 'Third thoughts' });
    expect(await read(a, key)).toMatchObject({ body: 'Third thoughts' });
  });

  it('never shows one person’s draft to another, nor to someone signed out, and keeps each person’s apart', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const key = 'page-edit:reading-list';
    await save(a, { key, title: 'Reading list', body: 'A’s private words', summary: 'why', tags: 'x', baseRevisionId: 7, savedAt: at(5) });
    expect(await read(b, key)).toBeNull();
    expect(await read(null, key)).toBeNull();
    expect((await t.driver.as(b).query<{ viewerDrafts: unknown[] }>(ALL)).data!.viewerDrafts).toEqual([]);
    // B's own, older-stamped draft for the same form is B's, and leaves A's alone.
    expect((await save(b, { key, body: 'B’s words', savedAt: at(60) })).errors).toEqual([]);
    expect(await read(a, key)).toMatchObject({ body: 'A’s private words', summary: 'why', tags: 'x', title: 'Reading list', baseRevisionId: 7 });
    expect(await read(b, key)).toMatchObject({ body: 'B’s words' });
  });

  it('refuses a draft larger than what it would become, with the limit of its kind', async () => {
    const a = await signedIn(t, 'participant');
    const tooLongPost = await save(a, { key: 'reply:3', body: 'x'.repeat(DISCUSSION_LIMITS.bodyBytes + 1), savedAt: at(1) });
    expect(tooLongPost.errors).toMatchObject([{ code: 'BODY_TOO_LONG', field: 'body' }]);
    expect(tooLongPost.errors[0].message).toContain('up to 50 KB');
    expect(await read(a, 'reply:3')).toBeNull();
    // A page may be longer than a post: the same text is a fine page draft.
    expect((await save(a, { key: 'page-new', body: 'x'.repeat(DISCUSSION_LIMITS.bodyBytes + 1), savedAt: at(1) })).errors).toEqual([]);
    expect((await save(a, { key: 'page-new', body: 'x'.repeat(PAGE_LIMITS.bodyBytes + 1), savedAt: at(0) })).errors).toMatchObject([{ code: 'BODY_TOO_LONG' }]);
    expect((await save(a, { key: 'thread-new:reading-list', title: 's'.repeat(DISCUSSION_LIMITS.subjectLength + 1), body: 'b', savedAt: at(1) })).errors).toMatchObject([
      { code: 'TITLE_TOO_LONG', field: 'title' },
    ]);
  });

  it('refuses keys no form uses, and times far ahead of the clock that would lock the draft', async () => {
    const a = await signedIn(t, 'participant');
    for (const key of ['', 'anything', 'reply:0', 'reply:abc', 'reply-edit:5', 'reply-edit:0:5', `page-edit:${'x'.repeat(400)}`]) {
      expect((await save(a, { key, body: 'b', savedAt: at(1) })).errors.map((error) => error.code)).toEqual(['DRAFT_KEY_INVALID']);
    }
    // A reply's edit (thread 5, reply 9) is kept like a reply, with a post's limits.
    expect((await save(a, { key: 'reply-edit:5:9', body: 'My edit', savedAt: at(1) })).errors).toEqual([]);
    expect(await read(a, 'reply-edit:5:9')).toMatchObject({ body: 'My edit' });
    expect((await save(a, { key: 'reply-edit:5:9', body: 'x'.repeat(DISCUSSION_LIMITS.bodyBytes + 1), savedAt: at(0) })).errors).toMatchObject([{ code: 'BODY_TOO_LONG' }]);
    const ahead = new Date(Date.now() + 60 * 60_000).toISOString();
    expect((await save(a, { key: 'reply:5', body: 'b', savedAt: ahead })).errors.map((error) => error.code)).toEqual(['DRAFT_CLOCK_AHEAD']);
  });

  it('discards a draft so that a save made before the posting, arriving after it, cannot bring it back', async () => {
    const a = await signedIn(t, 'participant');
    const key = 'thread-new:reading-list:4';
    await save(a, { key, title: 'Subject', body: 'Words', savedAt: at(30) });
    const posted = new Date().toISOString();
    expect((await t.driver.as(a).query(DISCARD, { i: { key, savedBefore: posted } })).data).toEqual({ discardDraft: { discarded: true, errors: [] } });
    expect(await read(a, key)).toBeNull();
    expect((await save(a, { key, body: 'In flight', savedAt: at(5) })).errors.map((error) => error.code)).toEqual(['DRAFT_OUTDATED']);
    expect(await read(a, key)).toBeNull();
    // Typing again afterwards starts a new draft.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await save(a, { key, body: 'A new start', savedAt: new Date().toISOString() })).errors).toEqual([]);
    expect(await read(a, key)).toMatchObject({ body: 'A new start' });
    // Nothing to discard says so.
    expect((await t.driver.as(a).query(DISCARD, { i: { key: 'reply:99' } })).data).toEqual({ discardDraft: { discarded: false, errors: [] } });
  });

  it('keeps at most 50 drafts per person, the newest', async () => {
    const a = await signedIn(t, 'participant');
    for (let n = 1; n <= 52; n++) await save(a, { key: `reply:${n}`, body: `Draft ${n}`, savedAt: at(1) });
    const all = (await t.driver.as(a).query<{ viewerDrafts: { key: string }[] }>(ALL)).data!.viewerDrafts;
    expect(all).toHaveLength(50);
    expect(all.map((draft) => draft.key)).not.toContain('reply:1');
    expect(all.map((draft) => draft.key)).toContain('reply:52');
  });
});
