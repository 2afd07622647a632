import type { Browser, BrowserContext, Page } from '@playwright/test';
import { apiAs, baseURL, expect, sessionCookie, test, waitForHydration, type TestDatabase } from './support/accounts';
import { expectNoAxeViolations, postTextBox } from './support/site';
import { createPage, uniqueTitle } from './support/wiki';

/** The live updates' own announcements (the page's other live regions — draft saving, the "@" suggestions — say other things). */
const liveStatus = (page: Page) => page.locator('.live-updates').getByRole('status');

/*
 * Live updates (issue 6, item 5): A reads a thread in one browser, B replies in another. A hears a
 * short polite status ("1 new reply"), the page does not move, and "Show 1 new reply" brings the
 * reply in and puts focus on it. Each test makes its own page and thread.
 */

async function threadOfOwn(db: TestDatabase, slug: string, starterId: number): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO threads (page_id, subject, body, starter_id) SELECT id, $2, 'What do we watch for?', $3 FROM pages WHERE slug = $1 RETURNING id`,
    [slug, `Live ${slug}`, starterId],
  );
  return id;
}

async function contextFor(browser: Browser, token: string | null, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-GB', ...options });
  if (token) await context.addCookies([sessionCookie(token)]);
  return context;
}

/** A opens the thread and waits until it follows it live. */
async function reader(context: BrowserContext, threadId: number, { controlledClock = false } = {}): Promise<Page> {
  const page = await context.newPage();
  recordLiveFrames(page);
  // A clock the test can move on (`page.clock.runFor`), to see what the page would do later without waiting.
  if (controlledClock) await page.clock.install();
  await page.goto(`/threads/${threadId}`);
  await waitForHydration(page);
  await expect(page.getByText('Live updates on')).toBeVisible();
  return page;
}

const liveFrames = new WeakMap<Page, string[]>();

/** Keeps every socket.io frame the page receives, to know when an event has reached it. */
function recordLiveFrames(page: Page): void {
  const frames: string[] = [];
  liveFrames.set(page, frames);
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
}

/** Resolves once the page's live connection has received the `event` about the reply. */
async function heardEvent(page: Page, event: string, replyId: number): Promise<void> {
  await expect
    .poll(() => (liveFrames.get(page) ?? []).some((frame) => frame.includes(`"${event}"`) && frame.includes(`"replyId":${replyId}`)), { message: `${event} for reply ${replyId} reached the page` })
    .toBe(true);
}

/** B replies to the thread through its form (with or without scripts); returns the new reply's id. */
async function replyTo(context: BrowserContext, threadId: number, text: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(`/threads/${threadId}`);
  const form = page.locator('#reply-form');
  await postTextBox(form, /^Your reply to /).fill(text);
  await form.getByRole('button', { name: 'Post reply' }).click();
  await expect(page).toHaveURL(new RegExp(`/threads/${threadId}#reply-\\d+$`));
  const id = Number(/#reply-(\d+)$/.exec(page.url())![1]);
  await page.close();
  return id;
}

test.describe('live updates on a thread', () => {
  let threadId: number;
  let bToken: string;

  test.beforeEach(async ({ db, playwright }) => {
    const starter = await db.createPerson({ name: 'live-starter', displayName: 'Lou Starter' });
    const b = await db.createPerson({ name: 'live-b', displayName: 'Bea Live' });
    bToken = await db.startSession(b.id);
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Live discussion'), 'A page to talk about live.');
    threadId = await threadOfOwn(db, slug, starter.id);
  });

  const readsAndIsTold = async (a: Page, b: BrowserContext, text: string) => {
    const status = liveStatus(a);
    await expect(status).toHaveCount(1);
    await expect(status).toHaveText('');
    const top = await a.getByRole('heading', { name: 'No replies yet' }).boundingBox();

    const replyId = await replyTo(b, threadId, text);
    await expect(status).toHaveText('1 new reply');
    // Held, not inserted: the page has not moved and the reply is not there yet.
    await expect(a.getByText(text)).toHaveCount(0);
    expect(await a.getByRole('heading', { name: 'No replies yet' }).boundingBox()).toEqual(top);

    await a.getByRole('button', { name: 'Show 1 new reply' }).click();
    await expect(a.locator(`#reply-${replyId}`)).toBeFocused();
    await expect(a.locator(`#reply-${replyId}`)).toContainText(text);
    await expect(a.getByRole('heading', { name: 'Reply 1 of 1, by Bea Live' })).toBeVisible();
    await expect(status).toHaveText('');
    await expect(a.getByRole('button', { name: /^Show \d+ new/ })).toHaveCount(0);
  };

  test('A, signed in, hears "1 new reply" when B replies, and "Show 1 new reply" focuses it', async ({ browser, db }) => {
    const me = await db.createPerson({ name: 'live-a' });
    const aContext = await contextFor(browser, await db.startSession(me.id));
    const bContext = await contextFor(browser, bToken);
    await readsAndIsTold(await reader(aContext, threadId), bContext, 'Watch the handover notes.');
    await aContext.close();
    await bContext.close();
  });

  test('A, signed out elsewhere while reading, keeps following the thread (the server ends that session’s socket)', async ({ browser, db, playwright }) => {
    const me = await db.createPerson({ name: 'live-a' });
    const token = await db.startSession(me.id);
    const aContext = await contextFor(browser, token);
    const bContext = await contextFor(browser, bToken);
    const a = await reader(aContext, threadId);
    const elsewhere = await apiAs(playwright, token);
    const signedOut = await elsewhere.post('/graphql', { data: { query: 'mutation { signOut }' }, headers: { origin: baseURL() } });
    expect(await signedOut.json()).toEqual({ data: { signOut: true } });
    await elsewhere.dispose();
    await replyTo(bContext, threadId, 'Still heard after signing out.');
    await expect(liveStatus(a)).toHaveText('1 new reply', { timeout: 15_000 });
    await aContext.close();
    await bContext.close();
  });

  test('A, not signed in, is told the same way', async ({ browser }) => {
    const aContext = await contextFor(browser, null);
    const bContext = await contextFor(browser, bToken);
    await readsAndIsTold(await reader(aContext, threadId), bContext, 'Anonymous readers hear it too.');
    await aContext.close();
    await bContext.close();
  });

  test('B posting with scripts blocked still reaches A live', async ({ browser }) => {
    const aContext = await contextFor(browser, null);
    const bContext = await contextFor(browser, bToken, { javaScriptEnabled: false });
    const a = await reader(aContext, threadId);
    const probe = await bContext.newPage();
    await probe.goto(`/threads/${threadId}`);
    // Scripts never ran: the strip still says what it says without them.
    await expect(probe.getByText('New replies appear when you reload the page.')).toBeVisible();
    await probe.close();
    await readsAndIsTold(a, bContext, 'Posted without JavaScript.');
    await aContext.close();
    await bContext.close();
  });

  test('"Pause live updates": nothing is announced while paused, the waiting reply when resumed, and the choice is remembered', async ({ browser }) => {
    const aContext = await contextFor(browser, null);
    const bContext = await contextFor(browser, bToken);
    const a = await reader(aContext, threadId, { controlledClock: true });
    const pause = a.getByRole('button', { name: 'Pause live updates' });
    await expect(pause).toHaveAttribute('aria-pressed', 'false');
    await pause.click();
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    await expect(a.getByText('Live updates paused')).toBeVisible();

    const replyId = await replyTo(bContext, threadId, 'Sent while paused.');
    // The event has reached the page, and it stays silent well past the time an announcement takes to settle.
    await heardEvent(a, 'reply:posted', replyId);
    await a.clock.runFor(5_000);
    await expect(liveStatus(a)).toHaveText('');
    await expect(a.getByRole('button', { name: 'Show 1 new reply' })).toHaveCount(0);

    await pause.click();
    await expect(pause).toHaveAttribute('aria-pressed', 'false');
    await expect(liveStatus(a)).toHaveText('1 new reply');
    await a.getByRole('button', { name: 'Show 1 new reply' }).click();
    await expect(a.locator(`#reply-${replyId}`)).toBeFocused();

    // Remembered in this browser.
    await pause.click();
    await a.reload();
    await waitForHydration(a);
    await expect(a.getByRole('button', { name: 'Pause live updates' })).toHaveAttribute('aria-pressed', 'true');
    await aContext.close();
    await bContext.close();
  });

  test('signed in, the pause is kept on the account: another browser finds it paused, and the settings page can resume it', async ({ browser, db }) => {
    const person = await db.createPerson({ name: 'live-pauser' });
    const token = await db.startSession(person.id);
    const first = await contextFor(browser, token);
    const here = await reader(first, threadId);
    await here.getByRole('button', { name: 'Pause live updates' }).click();
    await expect(here.getByRole('button', { name: 'Pause live updates' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await db.query<{ paused: boolean }>('SELECT live_updates_paused AS paused FROM users WHERE id = $1', [person.id]))[0].paused).toBe(true);
    await first.close();

    // Another browser (its own storage), the same person.
    const second = await contextFor(browser, token);
    const there = await second.newPage();
    await there.goto(`/threads/${threadId}`);
    await waitForHydration(there);
    await expect(there.getByText('Live updates paused')).toBeVisible();
    await expect(there.getByRole('button', { name: 'Pause live updates' })).toHaveAttribute('aria-pressed', 'true');
    await there.goto('/account/notifications');
    const box = there.getByRole('checkbox', { name: 'Pause live updates' });
    await expect(box).toBeChecked();
    await box.uncheck();
    await there.getByRole('button', { name: 'Save settings' }).click();
    await expect(there.getByText('Your notification settings have been saved.')).toBeVisible();
    await there.goto(`/threads/${threadId}`);
    await waitForHydration(there);
    await expect(there.getByRole('button', { name: 'Pause live updates' })).toHaveAttribute('aria-pressed', 'false');
    await second.close();
  });

  test('replies arriving together make one announcement, "2 new replies", and focus goes to the first; axe finds nothing with updates waiting', async ({ browser, db, playwright }) => {
    const me = await db.createPerson({ name: 'live-axe' });
    const aContext = await contextFor(browser, await db.startSession(me.id));
    const a = await reader(aContext, threadId);
    // Everything the status region ever says.
    await liveStatus(a).evaluate((region) => {
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    const api = await apiAs(playwright, bToken);
    const post = async (body: string) => {
      const response = await api.post('/graphql', {
        headers: { origin: baseURL() },
        data: { query: 'mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } } }', variables: { input: { threadId, body } } },
      });
      return ((await response.json()) as { data: { postReply: { reply: { id: number } } } }).data.postReply.reply.id;
    };
    const first = await post('First of two.');
    await post('Second of two.');
    await api.dispose();
    await expect(liveStatus(a)).toHaveText('2 new replies');
    expect(await a.evaluate(() => (window as unknown as { said: string[] }).said.filter(Boolean))).toEqual(['2 new replies']);
    await expect(a.getByRole('button', { name: 'Show 2 new replies' })).toBeVisible();
    await expectNoAxeViolations(a, 'a thread with live updates waiting');
    await a.getByRole('button', { name: 'Show 2 new replies' }).click();
    await expect(a.locator(`#reply-${first}`)).toBeFocused();
    await expect(a.getByRole('heading', { name: '2 replies' })).toBeVisible();
    await aContext.close();
  });
});

test.describe('live updates on thread lists', () => {
  test('a new thread on the page is announced ("1 new thread") and "Show 1 new thread" focuses its link, on the page and on its full thread list', async ({ browser, db, playwright }) => {
    const me = await db.createPerson({ name: 'live-lister' });
    const token = await db.startSession(me.id);
    const slug = await createPage(playwright, token, uniqueTitle('Live thread list'), 'A page whose threads grow.');
    const aContext = await contextFor(browser, null);
    const onPage = await aContext.newPage();
    const onList = await aContext.newPage();
    for (const [page, path] of [[onPage, `/wiki/${slug}`], [onList, `/wiki/${slug}/threads`]] as const) {
      await page.goto(path);
      await waitForHydration(page);
      await expect(page.getByText('Live updates on')).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /thread/ })).toHaveCount(0);
    }

    const api = await apiAs(playwright, token);
    const response = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } } }', variables: { input: { pageSlug: slug, subject: 'A thread that arrives live', body: 'Hello.' } } },
    });
    const threadId = ((await response.json()) as { data: { startThread: { thread: { id: number } } } }).data.startThread.thread.id;
    await api.dispose();

    for (const page of [onPage, onList]) {
      await expect(page.getByRole('status')).toHaveText('1 new thread');
      await expect(page.getByRole('link', { name: 'A thread that arrives live' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Show 1 new thread' }).click();
      const link = page.getByRole('link', { name: 'A thread that arrives live' });
      await expect(link).toBeFocused();
      await expect(link).toHaveAttribute('href', `/threads/${threadId}`);
    }
    await aContext.close();
  });
});

test.describe('live updates of replies already shown', () => {
  test('an edit by its author is held as "1 reply changed"; "Show 1 changed reply" brings the new text and focuses it', async ({ browser, db, playwright }) => {
    const starter = await db.createPerson({ name: 'live-ed-start' });
    const author = await db.createPerson({ name: 'live-editor', displayName: 'Eddie Editor' });
    const authorToken = await db.startSession(author.id);
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Live edits'), 'A page whose replies change.');
    const threadId = await threadOfOwn(db, slug, starter.id);
    const [{ id: replyId }] = await db.query<{ id: number }>(`INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, 'The first wording.') RETURNING id`, [threadId, author.id]);

    const aContext = await contextFor(browser, null);
    const a = await reader(aContext, threadId);
    const api = await apiAs(playwright, authorToken);
    await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: EditReplyInput!) { editReply(input: $input) { reply { id } } }', variables: { input: { replyId, body: 'The better wording.' } } },
    });
    await api.dispose();

    await expect(liveStatus(a)).toHaveText('1 reply changed');
    await expect(a.locator(`#reply-${replyId}`)).toContainText('The first wording.');
    await a.getByRole('button', { name: 'Show 1 changed reply' }).click();
    await expect(a.locator(`#reply-${replyId}`)).toBeFocused();
    await expect(a.locator(`#reply-${replyId}`)).toContainText('The better wording.');
    await expect(liveStatus(a)).toHaveText('');
    await aContext.close();
  });
});

test.describe('live updates of the thread itself', () => {
  test('a moderator locking the thread is held as "A moderator changed this thread"; showing it brings the banner and focuses the heading', async ({ browser, db, playwright }) => {
    const starter = await db.createPerson({ name: 'live-locked' });
    const moderator = await db.createPerson({ name: 'live-locker', role: 'moderator' });
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Live lock'), 'A page.');
    const threadId = await threadOfOwn(db, slug, starter.id);
    const aContext = await contextFor(browser, null);
    const a = await reader(aContext, threadId);

    const api = await apiAs(playwright, await db.startSession(moderator.id));
    const locked = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: ModerateThreadInput!) { lockThread(input: $input) { errors { code } } }', variables: { input: { threadId, reason: 'Cooling off' } } },
    });
    expect(await locked.json()).toEqual({ data: { lockThread: { errors: [] } } });
    await api.dispose();

    await expect(liveStatus(a)).toHaveText('A moderator changed this thread');
    await expect(a.getByRole('region', { name: 'This thread is locked' })).toHaveCount(0);
    await a.getByRole('button', { name: 'Show the changed thread' }).click();
    await expect(a.getByRole('region', { name: 'This thread is locked' })).toBeVisible();
    await expect(a.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(liveStatus(a)).toHaveText('');
    await aContext.close();
  });
});

/**
 * Stands between a page and the real server so a test can cut the WebSocket and make the server
 * forget the client's session on reconnecting (as after more than 2 minutes away), by leaving the
 * session id and offset out of the socket.io CONNECT packet the new WebSocket carries (the client
 * connects by WebSocket first). The reconnection waits until `release`, so what happens meanwhile
 * can reach the page only by its asking afterwards.
 */
async function longDrop(page: Page) {
  let cut: (() => Promise<void>) | null = null;
  let forget = false;
  let forgotten = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    // In order: what the page sends after a held CONNECT waits behind it.
    let sent = Promise.resolve();
    ws.onMessage((message) => {
      sent = sent.then(async () => {
        if (forget && typeof message === 'string' && /^40\{"pid"/.test(message)) {
          forgotten += 1;
          await released;
          server.send(message.replace(/^40\{"pid":"[^"]*","offset":"[^"]*"\}/, '40'));
          return;
        }
        server.send(message);
      });
    });
    cut = async () => {
      await server.close();
      await ws.close();
    };
  });
  return {
    /** Once the page follows live updates: cuts the connection and waits until the page says so. */
    async drop() {
      await expect(page.getByText('Live updates on')).toBeVisible();
      await expect.poll(() => cut !== null).toBe(true);
      forget = true;
      await cut!();
      await expect(page.getByText('Live updates interrupted: reconnecting')).toBeVisible();
    },
    /** Lets the page reconnect, unrecovered, and waits until it follows live updates again. */
    async reconnect() {
      release();
      await expect(page.getByText('Live updates on')).toBeVisible({ timeout: 15_000 });
      expect(forgotten, 'the reconnection was sent without its session, so it could not be recovered').toBe(1);
    },
  };
}

test.describe('live updates after a long disconnect', () => {
  test('when the connection cannot be recovered, the thread page asks what it missed and offers it', async ({ browser, db, playwright }) => {
    const starter = await db.createPerson({ name: 'live-long' });
    const b = await db.createPerson({ name: 'live-long-b', displayName: 'Bo Away' });
    const bToken = await db.startSession(b.id);
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Live long drop'), 'A page.');
    const threadId = await threadOfOwn(db, slug, starter.id);

    const aContext = await contextFor(browser, null);
    const a = await aContext.newPage();
    const connection = await longDrop(a);
    await a.goto(`/threads/${threadId}`);
    await waitForHydration(a);
    await connection.drop();
    const api = await apiAs(playwright, bToken);
    const response = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } } }', variables: { input: { threadId, body: 'Posted while A was away.' } } },
    });
    const replyId = ((await response.json()) as { data: { postReply: { reply: { id: number } } } }).data.postReply.reply.id;
    await api.dispose();
    await connection.reconnect();

    await expect(liveStatus(a)).toHaveText('1 new reply');
    await a.getByRole('button', { name: 'Show 1 new reply' }).click();
    await expect(a.locator(`#reply-${replyId}`)).toBeFocused();
    await aContext.close();
  });

  test('when the connection cannot be recovered, a page’s thread list asks what it missed and offers the new thread', async ({ browser, db, playwright }) => {
    const starter = await db.createPerson({ name: 'live-long-list' });
    const b = await db.createPerson({ name: 'live-long-list-b' });
    const slug = await createPage(playwright, await db.startSession(starter.id), uniqueTitle('Live long list'), 'A page.');
    await threadOfOwn(db, slug, starter.id);

    const aContext = await contextFor(browser, null);
    const a = await aContext.newPage();
    const connection = await longDrop(a);
    await a.goto(`/wiki/${slug}/threads`);
    await waitForHydration(a);
    await connection.drop();
    const api = await apiAs(playwright, await db.startSession(b.id));
    const response = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } } }', variables: { input: { pageSlug: slug, subject: 'Started while A was away', body: 'A question.' } } },
    });
    const threadId = ((await response.json()) as { data: { startThread: { thread: { id: number } } } }).data.startThread.thread.id;
    await api.dispose();
    await connection.reconnect();

    await expect(liveStatus(a)).toHaveText('1 new thread');
    await a.getByRole('button', { name: 'Show 1 new thread' }).click();
    await expect(a.locator(`main a[href="/threads/${threadId}"]`)).toBeFocused();
    await aContext.close();
  });
});

test.describe('live updates of realistic-mechanism marks', () => {
  test('on an area page, a new mark is held and "Show 1 changed recommendation" shows the star and focuses the recommendation', async ({ browser, db, playwright }) => {
    // An archived area of the test's own (as in stars.spec.ts), so no list other specs count changes.
    const slug = `live-stars-${Math.random().toString(16).slice(2, 8)}`;
    const [area] = await db.query<{ id: number }>(`INSERT INTO areas (slug, title, position, archived_at) VALUES ($1, $2, 1000, now()) RETURNING id`, [slug, `Live stars ${slug.slice(-6)}`]);
    const [{ id: recommendationId }] = await db.query<{ id: number }>(`INSERT INTO recommendations (area_id, position, text, seen_at) VALUES ($1, 1, 'Pair every new system with a named clinical owner', now()) RETURNING id`, [area.id]);
    const marker = await db.createPerson({ name: 'live-marker' });

    const aContext = await contextFor(browser, null);
    const a = await aContext.newPage();
    await a.goto(`/areas/${slug}`);
    await waitForHydration(a);
    await expect(a.getByText('Live updates on')).toBeVisible();
    const item = a.locator(`#recommendation-${recommendationId}`);
    await expect(item.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);

    const api = await apiAs(playwright, await db.startSession(marker.id));
    const response = await api.post('/graphql', {
      headers: { origin: baseURL() },
      data: { query: 'mutation ($input: MarkRealisticInput!) { markRealistic(input: $input) { errors { code } } }', variables: { input: { recommendationId, reason: 'Cheap and clear' } } },
    });
    expect(((await response.json()) as { data: { markRealistic: { errors: unknown[] } } }).data.markRealistic.errors).toEqual([]);
    await api.dispose();

    await expect(liveStatus(a)).toHaveText('Realistic-mechanism marks changed on 1 recommendation');
    await expect(item.getByRole('img', { name: /^Realistic mechanism/ })).toHaveCount(0);
    await a.getByRole('button', { name: 'Show 1 changed recommendation' }).click();
    await expect(item).toBeFocused();
    await expect(item.getByRole('img', { name: 'Realistic mechanism, marked by 1 person' })).toBeVisible();
    await expectNoAxeViolations(a, 'an area page after live updates were shown');
    await aContext.close();
  });
});
