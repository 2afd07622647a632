import { Browser, type Answer } from '../reliability/support/load';
import { dropDatabase, embeddedUrl, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

/*
 * Pages for people who are not signed in are kept whole and sent again until what they show changes
 * (FinishedPages, with DataVersion). Two built server processes on one database, as behind a load
 * balancer: a change to one page, made through one process, drops that page on both and no other;
 * and signed-in people, whose pages carry their own header, watch buttons and counts, never get a
 * page kept for everyone or each other's; a wiki page kept for one person's session follows their
 * unread count, watch state and signing out.
 */
const METRICS_TOKEN = 'finished-pages-test-metrics-token';

describe('finished pages kept for people who are not signed in, across two processes', () => {
  const servers: ServerProcess[] = [];
  const bases: string[] = [];
  const browsers: Browser[] = [];
  /** The database both processes use, for a change made straight in it (as a third process would). */
  let databaseUrl = '';

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    const dataDir = adminUrl ? undefined : tempDataDir();
    const first = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: dataDir };
    for (let index = 0; index < 2; index++) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      // The second process uses the first's database (the embedded one, when there is no DATABASE_URL).
      const database = index === 0 || adminUrl ? first : { DATABASE_URL: embeddedUrl(dataDir!) };
      const server = startServer({ PORT: String(port), NODE_ENV: 'production', REDIS_URL: undefined, METRICS_TOKEN, ...database });
      servers.push(server);
      await waitUntilReady(server, bases[index]);
    }
    databaseUrl = first.DATABASE_URL ?? embeddedUrl(dataDir!);
  }, 180_000);

  afterAll(async () => {
    browsers.forEach((browser) => browser.close());
    // The second first: it may use the first's embedded database.
    for (const server of [...servers].reverse()) await stopServer(server);
    await dropDatabase();
  });

  const browser = (base: string, address = '127.0.0.1') => {
    const made = new Browser(base, address);
    browsers.push(made);
    return made;
  };

  /** A signed-in person on the first process (registering signs in). */
  const person = async (username: string, address: string) => {
    const them = browser(bases[0], address);
    const { data } = await them.graphql<{ register: { user: { username: string } | null } }>(
      `mutation ($input: RegisterInput!) { register(input: $input) { user { username } errors { message } } }`,
      { input: { username, displayName: `Person ${username}`, password: "correct horse battery staple for these pages" } },
    );
    expect(data.register).toMatchObject({ user: { username }, errors: [] });
    return them;
  };

  const createPage = async (author: Browser, title: string, body: string) => {
    const { data } = await author.graphql<{ createPage: { page: { slug: string; currentRevision: { id: number } } | null } }>(
      `mutation ($input: CreatePageInput!) { createPage(input: $input) { page { slug currentRevision { id } } errors { message } } }`,
      { input: { title, body, summary: 'for the finished-pages test' } },
    );
    return data.createPage.page!;
  };

  /** Asks until the page is kept (it is kept once its compressed copies are made, just after the first answer). */
  const keptCopy = async (reader: Browser, path: string): Promise<Answer> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await reader.get(path);
      expect(answer.status).toBe(200);
      if (answer.headers.etag) return answer;
      if (Date.now() > deadline) throw new Error(`${path} was never kept`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** A conditional request with the ETag of an earlier answer: 304 while the kept page is still current. */
  const revalidate = (reader: Browser, path: string, etag: string) => reader.request('GET', path, undefined, undefined, 30_000, performance.now(), { 'if-none-match': etag });

  it('after a change to page A through one process, page B stays kept on both and page A is never stale', async () => {
    const author = await person('keeper', '127.0.0.2');
    const pageA = await createPage(author, 'Finished pages A', 'The first words of page A.');
    const pageB = await createPage(author, 'Finished pages B', 'Page B says something else entirely.');
    // Page B lists a discussion, as most pages do: its view then also asks for the viewer's unread
    // counts, which someone signed out must not ask (unnamed, that read was site-wide, and any change
    // anywhere made B's kept copy stale).
    const started = await author.graphql<{ startThread: { thread: { id: number } | null } }>(
      `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { message } } }`,
      { input: { pageSlug: pageB.slug, subject: 'A thread about page B', body: 'Opening words about page B.' } },
    );
    expect(started.data.startThread.thread).not.toBeNull();
    const readers = bases.map((base) => browser(base));

    const before = await Promise.all(readers.map(async (reader) => ({ a: await keptCopy(reader, `/wiki/${pageA.slug}`), b: await keptCopy(reader, `/wiki/${pageB.slug}`) })));
    for (const kept of before) {
      expect(kept.a.body).toContain('The first words of page A.');
      expect(kept.b.body).toContain('A thread about page B');
      // Kept pages carry no form token and allow their inline scripts by hash, not by a shared nonce.
      expect(kept.a.body).not.toContain('name="_csrf"');
      expect(kept.a.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
      expect(kept.a.headers['content-security-policy']).not.toContain('nonce-');
    }

    const { data } = await author.graphql<{ savePage: { outcome: string } }>(
      `mutation ($input: SavePageInput!) { savePage(input: $input) { outcome errors { message } } }`,
      { input: { slug: pageA.slug, baseRevisionId: pageA.currentRevision.id, body: 'Page A now says something new.', summary: 'changed' } },
    );
    expect(data.savePage.outcome).toBe('Saved');

    // The process that made the change has heard of it before it answered: its next page is new.
    const onWriter = await readers[0].get(`/wiki/${pageA.slug}`);
    expect(onWriter.body).toContain('Page A now says something new.');
    // The other hears of it by PostgreSQL's notification, within moments; once it shows the new
    // text it never shows the old again.
    const deadline = Date.now() + 5_000;
    let onOther = await readers[1].get(`/wiki/${pageA.slug}`);
    while (!onOther.body.includes('Page A now says something new.') && Date.now() < deadline) onOther = await readers[1].get(`/wiki/${pageA.slug}`);
    expect(onOther.body).toContain('Page A now says something new.');
    for (const reader of readers) {
      for (let read = 0; read < 5; read++) {
        const answer = await reader.get(`/wiki/${pageA.slug}`);
        expect(answer.body).toContain('Page A now says something new.');
        expect(answer.body).not.toContain('The first words of page A.');
      }
      const stale = await revalidate(reader, `/wiki/${pageA.slug}`, String(before[0].a.headers.etag));
      expect(stale.status).toBe(200);
    }

    // A new page elsewhere does not concern page B either.
    await createPage(author, 'Finished pages C', 'A third page, linked from neither.');
    await readers[0].get(`/wiki/${pageA.slug}`);

    // Page B was not touched: both processes still send their kept copy (304 to its ETag).
    for (const [index, reader] of readers.entries()) {
      const answer = await revalidate(reader, `/wiki/${pageB.slug}`, String(before[index].b.headers.etag));
      expect(answer.status).toBe(304);
    }
  });

  /** How many wiki pages a process sent from its copies kept for one signed-in session. */
  const personalHits = async (base: string): Promise<number> => {
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const line = metrics.split('\n').find((entry) => entry.startsWith('commonplace_read_cache_requests_total{cache="personal_pages",result="hit"} '));
    return Number(line?.split(' ')[1] ?? NaN);
  };

  it('never gives a signed-in person a page kept for everyone, nor one person another’s header, watch state or unread count', async () => {
    const watcher = await person('watcherperson', '127.0.0.3');
    const other = await person('otherperson', '127.0.0.4');
    const page = await createPage(watcher, 'Finished pages watched', 'A page one person watches.');
    await watcher.graphql(`mutation ($input: WatchInput!) { watch(input: $input) { watching } }`, { input: { pageSlug: page.slug } });
    // A thread started on the watched page by someone else: one unread notification for the watcher.
    await other.graphql(`mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { message } } }`, {
      input: { pageSlug: page.slug, subject: 'A thread the watcher hears of', body: 'Opening words.' },
    });
    const anonymous = browser(bases[1]);
    await keptCopy(anonymous, `/wiki/${page.slug}`);

    /** The page's own watch button: "Watch" or "Stop watching", or null when there is none. */
    /** Whose name the header shows, or null. */
    const signedInAs = (html: string) => html.match(/Signed in as (?:<!-- -->)?([^<]+)</)?.[1] ?? null;
    const pageWatchButton = (html: string) => html.match(/>(Stop watching|Watch)<span class="visually-hidden"> (?:<!-- -->)?the page ‘Finished pages watched’/)?.[1] ?? null;
    for (const base of bases) {
      // The same two people (their cookies), on this process.
      const [watcherHere, otherHere] = [watcher, other].map((them, index) => {
        const here = browser(base, `127.0.0.${3 + index}`);
        them.cookies.forEach((value, name) => here.cookies.set(name, value));
        return here;
      });
      for (let round = 0; round < 2; round++) {
        const mine = await watcherHere.get(`/wiki/${page.slug}`);
        const theirs = await otherHere.get(`/wiki/${page.slug}`);
        const nobodys = await anonymous.get(`/wiki/${page.slug}`);
        for (const signedIn of [mine, theirs]) {
          expect(signedIn.headers.etag).toBeUndefined();
          expect(signedIn.headers['cache-control']).toBe('private, no-store');
        }
        expect(signedInAs(mine.body)).toBe('Person watcherperson');
        expect(pageWatchButton(mine.body)).toBe('Stop watching');
        expect(mine.body).toContain('Notifications (1 unread)');
        expect(signedInAs(theirs.body)).toBe('Person otherperson');
        expect(pageWatchButton(theirs.body)).toBe('Watch');
        expect(theirs.body).toContain('Notifications (0 unread)');
        expect(signedInAs(nobodys.body)).toBeNull();
        expect(nobodys.body).not.toContain('unread)');
        expect(pageWatchButton(nobodys.body)).toBeNull();
        for (const token of [watcher.csrfToken, other.csrfToken]) expect(nobodys.body).not.toContain(token!);
        expect(mine.body).toContain(watcher.csrfToken!);
        expect(mine.body).not.toContain(other.csrfToken!);
        expect(theirs.body).toContain(other.csrfToken!);
        expect(theirs.body).not.toContain(watcher.csrfToken!);
      }
    }
  });

  it('a page kept for one person’s session follows their unread count, their watch and their signing out, on both processes', async () => {
    const reader = await person('keptreader', '127.0.0.6');
    const writer = await person('keptwriter', '127.0.0.7');
    const page = await createPage(reader, 'Finished pages kept for a person', 'A page one reader keeps coming back to.');
    await reader.graphql(`mutation ($input: WatchInput!) { watch(input: $input) { watching } }`, { input: { pageSlug: page.slug } });
    const started = await writer.graphql<{ startThread: { thread: { id: number } } }>(
      `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { message } } }`,
      { input: { pageSlug: page.slug, subject: 'News for the reader', body: 'Opening words.' } },
    );
    const threadId = started.data.startThread.thread.id;
    await writer.graphql(`mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { message } } }`, {
      input: { threadId, body: 'A reply the reader has not read.' },
    });
    const path = `/wiki/${page.slug}`;
    const threadUnread = (html: string) => /thread-table__unread">1(?:<!-- -->)? unread</.test(html);
    const here = bases.map((base) => {
      const them = browser(base, '127.0.0.6');
      reader.cookies.forEach((value, name) => them.cookies.set(name, value));
      return them;
    });
    const pageWatchButton = (html: string) => html.match(/>(Stop watching|Watch)<span class="visually-hidden"> (?:<!-- -->)?the page ‘Finished pages kept for a person’/)?.[1] ?? null;
    /** Views the page until the process has heard every change (at most 5 s), then checks it stays so, sent from the kept copy. */
    const expectEverywhere = async (check: (html: string) => boolean) => {
      for (const [index, them] of here.entries()) {
        const deadline = Date.now() + 5_000;
        let answer = await them.get(path);
        while (!check(answer.body) && Date.now() < deadline) answer = await them.get(path);
        expect(check(answer.body)).toBe(true);
        const hits = await personalHits(bases[index]);
        for (let read = 0; read < 3; read++) {
          answer = await them.get(path);
          expect(answer.status).toBe(200);
          expect(answer.headers['cache-control']).toBe('private, no-store');
          expect(answer.headers.etag).toBeUndefined();
          expect(check(answer.body)).toBe(true);
        }
        // Served from the copy kept for this session, not rendered again.
        expect(await personalHits(bases[index])).toBeGreaterThan(hits);
      }
    };

    // The new thread, and the reply in it, are news to the watcher.
    await expectEverywhere((html) => /Notifications \([12] unread\)/.test(html) && pageWatchButton(html) === 'Stop watching' && threadUnread(html));
    // How far they have read a thread has no data-changed notification either: reading it shows at once.
    const { data: marked } = await reader.graphql<{ markThreadRead: { errors: unknown[] } }>(
      'mutation ($input: MarkThreadReadInput!) { markThreadRead(input: $input) { errors { message } } }',
      { input: { threadId } },
    );
    expect(marked.markThreadRead.errors).toEqual([]);
    for (const them of here) expect(threadUnread((await them.get(path)).body)).toBe(false);
    await expectEverywhere((html) => !threadUnread(html) && html.includes('News for the reader'));
    // Reading notifications has no data-changed notification: the count is checked on every view.
    const { data } = await reader.graphql<{ markAllNotificationsRead: { unreadCount: number } }>('mutation { markAllNotificationsRead { unreadCount errors { message } } }');
    expect(data.markAllNotificationsRead.unreadCount).toBe(0);
    for (const them of here) expect((await them.get(path)).body).toContain('Notifications (0 unread)');
    await expectEverywhere((html) => html.includes('Notifications (0 unread)'));
    await reader.graphql(`mutation ($input: WatchInput!) { unwatch(input: $input) { watching } }`, { input: { pageSlug: page.slug } });
    await expectEverywhere((html) => pageWatchButton(html) === 'Watch');

    // A change elsewhere (someone else's new page) leaves the page kept for them: the next view is
    // still the kept copy. (The writer's process has heard of it before it answered; the other is
    // given a moment.)
    const hitsBefore = await Promise.all(bases.map((base) => personalHits(base)));
    await createPage(writer, 'Finished pages elsewhere', 'A page the reader never opens.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const [index, them] of here.entries()) {
      const answer = await them.get(path);
      expect(pageWatchButton(answer.body)).toBe('Watch');
      expect(answer.body).toContain('News for the reader');
      expect(await personalHits(bases[index])).toBe(hitsBefore[index] + 1);
    }

    // Signed out, the same cookies get the page as anyone signed out sees it, never the kept one.
    expect((await reader.graphql<{ signOut: boolean }>('mutation { signOut }')).data.signOut).toBe(true);
    for (const them of here) {
      const answer = await them.get(path);
      expect(answer.body).not.toContain('Signed in as');
      expect(answer.body).not.toContain('unread)');
      expect(pageWatchButton(answer.body)).toBeNull();
    }
  });

  it('keeps a page for each colour scheme a browser chose, and draws a signed-in person’s pages in their account’s scheme', async () => {
    const scheme = (html: string) => html.match(/<html lang="en-GB"(?: data-scheme="(light|dark)")?>/)?.[1] ?? 'system';
    const system = browser(bases[0]);
    const dark = browser(bases[0]);
    dark.cookies.set('commonplace_scheme', 'dark');
    const tampered = browser(bases[0]);
    tampered.cookies.set('commonplace_scheme', '"><script>alert(1)</script>');
    for (let round = 0; round < 2; round++) {
      const [forSystem, forDark, forTampered] = await Promise.all([system, dark, tampered].map((reader) => keptCopy(reader, '/wiki/reading-list')));
      expect(scheme(forSystem.body)).toBe('system');
      expect(scheme(forDark.body)).toBe('dark');
      // An unknown value is the system's scheme, and the same kept page.
      expect(scheme(forTampered.body)).toBe('system');
      expect(forTampered.headers.etag).toBe(forSystem.headers.etag);
      expect(forDark.headers.etag).not.toBe(forSystem.headers.etag);
    }

    // Signed in, the account's choice wins over the browser's cookie, on every process.
    const reader = await person('darkreader', '127.0.0.5');
    const { data } = await reader.graphql<{ setColourScheme: { colourScheme: string } }>('mutation { setColourScheme(scheme: Light) { colourScheme errors { code } } }');
    expect(data.setColourScheme.colourScheme).toBe('Light');
    for (const base of bases) {
      const here = browser(base, '127.0.0.5');
      reader.cookies.forEach((value, name) => here.cookies.set(name, value));
      here.cookies.set('commonplace_scheme', 'dark');
      expect(scheme((await here.get('/wiki/reading-list')).body)).toBe('light');
    }
  });

  it('sends the kept brotli copy to a browser that lists gzip first, and gzip to one that takes only gzip', async () => {
    const reader = browser(bases[0]);
    const kept = await keptCopy(reader, '/wiki/emerging-issues');
    const asked = (acceptEncoding: string) => reader.request('GET', '/wiki/emerging-issues', undefined, undefined, 30_000, performance.now(), { 'accept-encoding': acceptEncoding });
    const chromium = await asked('gzip, deflate, br, zstd');
    expect(chromium.headers['content-encoding']).toBe('br');
    expect(chromium.headers.etag).toBe(kept.headers.etag);
    expect((await asked('gzip')).headers['content-encoding']).toBe('gzip');
    expect((await asked('identity')).headers['content-encoding']).toBeUndefined();
  });

  it('once the site is private, no process sends a kept page to anyone signed out: pages go to sign in, feeds answer 401', async () => {
    const readers = bases.map((base) => browser(base));
    const kept = await Promise.all(readers.map((reader) => keptCopy(reader, '/wiki/reading-list')));
    const { Client } = await import('pg');
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('UPDATE site_settings SET private = true');
      for (const [index, reader] of readers.entries()) {
        // Each process hears of it by PostgreSQL's notification, within moments; from then on, never a kept page.
        const deadline = Date.now() + 5_000;
        let answer = await reader.get('/wiki/reading-list');
        while (answer.status === 200 && Date.now() < deadline) answer = await reader.get('/wiki/reading-list');
        for (let read = 0; read < 5; read++) {
          expect(answer.status).toBe(303);
          expect(answer.headers.location).toBe('/sign-in?returnTo=%2Fwiki%2Freading-list');
          expect(answer.headers.etag).toBeUndefined();
          expect(answer.body).not.toContain('Reading list');
          answer = await reader.get('/wiki/reading-list');
        }
        // Not even to a browser holding the kept page's ETag.
        expect((await revalidate(reader, '/wiki/reading-list', String(kept[index].headers.etag))).status).toBe(303);
        expect((await reader.get('/recent.atom')).status).toBe(401);
        expect((await reader.get('/areas.csv')).status).toBe(401);
        // The sign-in page is open, and rendered for each reader (it carries their form token).
        const signIn = await reader.get('/sign-in');
        expect(signIn.status).toBe(200);
        expect(signIn.headers.etag).toBeUndefined();
      }
    } finally {
      await client.query('UPDATE site_settings SET private = false');
      await client.end();
    }
  });
});
