import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test as base, type FullConfig, type Page } from '@playwright/test';
import { Client } from 'pg';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';
import { serverState } from './support/server-state';
import { XSS_PAYLOADS } from './support/xss-payloads';

/*
 * Cross-site scripting: each payload in support/xss-payloads.ts is stored as a page's text and
 * title, a thread's subject and a reply's text, then shown in Chromium with JavaScript on. No
 * payload may run (window.__xss stays unset, no dialog opens, no uncaught error), no link in the
 * page may lead to javascript: or data:, no tag or attribute that can run script may survive, and
 * titles and subjects must show as the very characters that were typed.
 *
 * The content is written straight into the database: there is no way to create pages, threads or
 * replies through the site yet.
 *
 * Two choices keep the test honest and the rest of the suite unaffected:
 * - The Content Security Policy is bypassed (bypassCSP), so an injected inline script or event
 *   handler WOULD run: the test checks escaping and sanitising, not the CSP backstop (whose
 *   presence is checked separately).
 * - The test runs its own server on a database of its own, started the same way as for the whole
 *   suite (global-setup.ts), because ~100 extra threads in the shared database would change the
 *   home page's "Recent threads" that other specs check, while they run.
 */

interface PayloadContent {
  number: number;
  name: string;
  payload: string;
  slug: string;
  threadId: number;
}

interface XssPage {
  page: Page;
  watch: ScriptWatch;
}

interface XssServer {
  baseURL: string;
  content: PayloadContent[];
}

const THREAD_BODY = 'An opening post with nothing unusual in it.';

const test = base.extend<{ xssPage: XssPage }, { xssServer: XssServer; sharedPage: XssPage }>({
  xssServer: [
    async ({}, use, workerInfo) => {
      const outputDir = path.join(workerInfo.project.outputDir, `xss-server-${workerInfo.workerIndex}`);
      const server = await startOwnServer(outputDir);
      try {
        const content = await insertPayloads(server.databaseUrl);
        await waitUntilServed(server.baseURL, content);
        await use({ baseURL: server.baseURL, content });
      } finally {
        await globalTeardown();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  // One page for all the payloads in a worker: a fresh browser context per test would double the run time.
  // The Content Security Policy is bypassed, so that an injected script would run (see above).
  sharedPage: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await use({ page, watch: watchForScript(page) });
      await context.close();
    },
    { scope: 'worker' },
  ],
  xssPage: async ({ sharedPage }, use) => {
    // Whatever an earlier test left behind is not this test's finding.
    sharedPage.watch.dialogs.length = 0;
    sharedPage.watch.pageErrors.length = 0;
    await use(sharedPage);
  },
});

test.describe('user text cannot run script', () => {
  // In order, in one worker: one server and database for all of them.
  test.describe.configure({ mode: 'default' });

  test('the checks notice script that runs, a dialog, a dangerous link and a dangerous tag', async ({ xssPage: { page, watch }, xssServer }) => {
    const { slug } = xssServer.content[0];
    await visit(page, `${xssServer.baseURL}/wiki/${slug}`);
    await page.evaluate(() => {
      document.querySelector('main')!.insertAdjacentHTML(
        'beforeend',
        '<p><img src="/no-such-image" onerror="window.__xss=1"><a href="javascript:alert(1)">x</a><svg></svg></p>',
      );
    });
    await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === 1);
    const findings = await scriptFindings(page, watch);
    const report = findings.join('\n');
    expect(report).toContain('window.__xss is 1');
    expect(report).toContain('a dialog opened: alert "1"');
    expect(report).toContain('javascript:alert(1)');
    expect(report).toContain('onerror');
    expect(report).toContain('<svg');
  });

  test('pages are served with a Content Security Policy that refuses inline script', async ({ request, xssServer }) => {
    const { slug, threadId } = xssServer.content[0];
    for (const url of [`/wiki/${slug}`, `/threads/${threadId}`]) {
      const response = await request.get(`${xssServer.baseURL}${url}`);
      expect(response.status()).toBe(200);
      const csp = response.headers()['content-security-policy'] ?? '';
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      // Inline scripts run only when named: by a nonce (signed-in pages) or by their hash (pages kept whole
      // for people signed out, whose bytes must not change between readers).
      expect(scriptSrc, `script-src of ${url} in "${csp}"`).toMatch(/'nonce-[^']+'|'sha256-[^']+'/);
      expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:/);
      const html = await response.text();
      const allowed = new Set([...scriptSrc.matchAll(/'sha256-([^']+)'/g)].map((match) => match[1]));
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes, body]) => body && !/\bsrc=/.test(attributes));
      // React Router's hydration data and module loader are inline: a page without them would prove nothing here.
      expect(inline.length, `inline scripts on ${url}`).toBeGreaterThan(0);
      const unnamed = inline
        .filter(([, attributes, body]) => !((nonce && attributes.includes(`nonce="${nonce}"`)) || allowed.has(createHash('sha256').update(body).digest('base64'))))
        .map(([, , body]) => body.slice(0, 80));
      expect(unnamed, `inline scripts on ${url} that the policy does not allow`).toEqual([]);
    }
  });

  XSS_PAYLOADS.forEach(({ name, payload }, index) => {
    test(`#${index + 1} ${name}`, async ({ xssPage: { page, watch }, xssServer }) => {
      const item = xssServer.content[index];
      expect(item.payload).toBe(payload);

      // The page: its text (markdown) and title, and the thread's subject in its thread table.
      const pagePath = `/wiki/${item.slug}`;
      await visit(page, `${xssServer.baseURL}${pagePath}`);
      await expectNoScript(page, watch, `the page ${pagePath}`);
      const onPage = await textsOf(page, { h1: 'h1', subject: `main table a[href="/threads/${item.threadId}"]`, text: 'main .prose' });
      expect(onPage.h1, 'the page title (the one h1) shows the payload as text').toEqual([payload]);
      expect(onPage.subject, 'the thread table shows the subject as text').toEqual([payload]);
      expect(onPage.title, 'the document title').toContain(collapse(payload));
      expectSomeText(onPage.text, 'the page text');

      // The thread: the subject as its h1, the opening post and the reply.
      const threadPath = `/threads/${item.threadId}`;
      await visit(page, `${xssServer.baseURL}${threadPath}`);
      await expectNoScript(page, watch, `the thread ${threadPath}`);
      const onThread = await textsOf(page, {
        h1: 'h1',
        pageLink: 'main .context-link a',
        opening: 'main .post--opening .prose',
        repliesHeading: '#replies-heading',
        reply: 'main .reply-list .prose',
      });
      expect(onThread.h1, 'the subject (the one h1) shows the payload as text').toEqual([payload]);
      expect(onThread.pageLink, '"Thread on the page" shows the page title as text').toEqual([payload]);
      expect(onThread.title, 'the document title').toContain(collapse(payload));
      expect(onThread.opening.map((text) => text.trim()), 'the opening post').toEqual([THREAD_BODY]);
      expect(onThread.repliesHeading).toEqual(['1 reply']);
      expectSomeText(onThread.reply, 'the reply');
    });
  });

  test('the home page lists the newest payload subjects as text', async ({ xssPage: { page, watch }, xssServer }) => {
    await visit(page, `${xssServer.baseURL}/`);
    await expectNoScript(page, watch, 'the home page');
    const recent = page.getByRole('region', { name: 'Recent threads' }).getByRole('link');
    const shown = await recent.evaluateAll((links) => links.map((link) => link.textContent ?? ''));
    const subjects = new Set(xssServer.content.map((item) => item.payload));
    expect(shown.filter((text) => subjects.has(text)).length, `recent threads shown: ${JSON.stringify(shown)}`).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Watching for script

interface ScriptWatch {
  dialogs: string[];
  pageErrors: string[];
}

/** Records every dialog (and dismisses it, so the page carries on) and every uncaught error. */
function watchForScript(page: Page): ScriptWatch {
  const watch: ScriptWatch = { dialogs: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()} "${dialog.message()}"`);
    dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  return watch;
}

/**
 * Loads a page with JavaScript on, waits until React Router's client has started (so scripts run:
 * an injected one would have run too), then lets queued events (image errors, toggle, focus,
 * animation start) fire.
 */
async function visit(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `status of ${url}`).toBe(200);
  const clientStarted = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const since = Date.now();
        const wait = () => {
          const started = (window as unknown as { __reactRouterDataRouter?: unknown }).__reactRouterDataRouter !== undefined;
          if (started || Date.now() - since > 10_000) requestAnimationFrame(() => setTimeout(() => resolve(started), 0));
          else requestAnimationFrame(wait);
        };
        wait();
      }),
  );
  expect(clientStarted, `React Router's client started on ${url}`).toBe(true);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

async function expectNoScript(page: Page, watch: ScriptWatch, where: string): Promise<void> {
  const urlBefore = page.url();
  const findings = await scriptFindings(page, watch);
  expect(findings, `script could run on ${where}:\n  ${findings.join('\n  ')}\n`).toEqual([]);
  expect(page.url(), `${where} navigated away`).toBe(urlBefore);
}

/**
 * Everything that shows script ran or could run: clicks each link to javascript:, data: or
 * vbscript: (there should be none), then reports links like those, event-handler attributes,
 * tags that can run script or load documents, the __xss flag in every frame, dialogs and
 * uncaught errors. Clears the watch, so each page is judged on its own.
 */
async function scriptFindings(page: Page, watch: ScriptWatch): Promise<string[]> {
  const clicked = await page.evaluate(() => {
    const found: string[] = [];
    for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement | HTMLAreaElement>('a[href], area[href]'))) {
      let protocol = '';
      try {
        protocol = new URL(link.href).protocol;
      } catch {
        continue;
      }
      if (protocol === 'javascript:' || protocol === 'data:' || protocol === 'vbscript:') {
        found.push(link.outerHTML.slice(0, 200));
        link.click();
      }
    }
    return found;
  });
  if (clicked.length > 0) await settle(page);

  const findings = clicked.map((html) => `clicked a link that must not exist: ${html}`);
  findings.push(...(await page.evaluate(auditDocument)));

  for (const frame of page.frames().filter((frame) => frame !== page.mainFrame())) {
    const flag = await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined);
    if (flag !== undefined) findings.push(`window.__xss is ${String(flag)} in frame ${frame.url()}`);
  }
  findings.push(...watch.dialogs.map((dialog) => `a dialog opened: ${dialog}`));
  findings.push(...watch.pageErrors.map((error) => `uncaught error: ${error}`));
  watch.dialogs.length = 0;
  watch.pageErrors.length = 0;
  return findings;
}

/** Runs in the page: tags, attributes and URLs in the document that could run script. */
function auditDocument(): string[] {
  const problems: string[] = [];
  const show = (element: Element) => element.outerHTML.slice(0, 200);
  const flag = (window as unknown as { __xss?: unknown }).__xss;
  if (flag !== undefined) problems.push(`window.__xss is ${String(flag)} in the page`);
  const main = document.querySelector('main');
  if (!main) return [...problems, 'the page has no <main>'];
  // The checks the issue names.
  for (const selector of ['a[href^="javascript:" i]', '[href^="data:" i]']) {
    const count = main.querySelectorAll(selector).length;
    if (count > 0) problems.push(`main ${selector} matches ${count} element(s)`);
  }

  // Nothing the site renders has inline event handlers: React attaches its listeners in script.
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'codebase', 'srcset', 'ping'];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`event handler attribute ${name} on ${show(element)}`);
      if (name === 'srcdoc') problems.push(`srcdoc on ${show(element)}`);
      if (urlAttributes.includes(name)) {
        // Browsers ignore spaces and control characters in a scheme ("java\tscript:").
        // eslint-disable-next-line no-control-regex
        const compact = attribute.value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
        if (compact.startsWith('javascript:') || compact.startsWith('vbscript:')) problems.push(`${name}="${attribute.value}" on ${show(element)}`);
        if (compact.startsWith('data:') && main.contains(element)) problems.push(`${name}="${attribute.value}" in main: ${show(element)}`);
      }
    }
  }

  // Anywhere: what would load another document or change where links and the page go.
  for (const element of Array.from(document.querySelectorAll('base, meta[http-equiv], iframe, frame, frameset, object, embed, applet, portal'))) {
    problems.push(`<${element.localName}> in the document: ${show(element)}`);
  }
  // In main: tags that can run script, load things or restyle the page; the site puts none there.
  for (const element of Array.from(
    main.querySelectorAll('script, svg, math, style, link, meta, template, noscript, xss, marquee, object, embed, iframe, base'),
  )) {
    problems.push(`<${element.localName}> in main: ${show(element)}`);
  }
  // In user text (markdown, titles, subjects): also no forms or form controls, media or inline
  // styles. (The site's own forms — filters, moderator tools — sit outside user text.)
  for (const container of Array.from(main.querySelectorAll('.prose, h1, td'))) {
    for (const element of Array.from(
      container.querySelectorAll('form, input, button, select, textarea, img, image, video, audio, source, details, [style]'),
    )) {
      problems.push(`<${element.localName}> in user text: ${show(element)}`);
    }
  }
  return problems;
}

/** The textContent of what each selector matches, and the document title, in one round trip. */
async function textsOf<K extends string>(page: Page, selectors: Record<K, string>): Promise<Record<K, string[]> & { title: string }> {
  return page.evaluate((selectors) => {
    const texts: Record<string, string[] | string> = { title: document.title };
    for (const [key, selector] of Object.entries(selectors)) {
      texts[key] = Array.from(document.querySelectorAll(selector), (element) => element.textContent ?? '');
    }
    return texts as Record<K, string[]> & { title: string };
  }, selectors as Record<string, string>);
}

/** Markdown may drop tags, but a payload must not leave an empty text behind. */
function expectSomeText(texts: string[], what: string): void {
  expect(texts.length, `${what} is on the page`).toBeGreaterThan(0);
  expect(texts.join('').trim().length, `${what} shows something of the payload`).toBeGreaterThan(0);
}

/** How Chromium's document.title shows a string: runs of spaces and control characters as one space, trimmed. */
function collapse(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0020]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// A server and database of this test's own

/**
 * Starts the built server on a free port against a fresh database, exactly as global set-up does
 * for the suite (same code: global-setup.ts), in this worker. Returns where it listens and its
 * database URL; globalTeardown() (run in this worker too) stops it and drops the database.
 */
async function startOwnServer(outputDir: string): Promise<{ baseURL: string; databaseUrl: string }> {
  const saved = { port: process.env.E2E_PORT, baseUrl: process.env.E2E_BASE_URL };
  process.env.E2E_PORT = String(await freePort());
  try {
    await globalSetup({ projects: [{ outputDir }] } as unknown as FullConfig);
    const baseURL = process.env.E2E_BASE_URL!;
    return { baseURL, databaseUrl: databaseUrlOf() };
  } catch (error) {
    await globalTeardown().catch(() => undefined);
    throw error;
  } finally {
    restoreEnv('E2E_PORT', saved.port);
    restoreEnv('E2E_BASE_URL', saved.baseUrl);
  }
}

/** The URL of the database the server global set-up started (in this process) uses. */
function databaseUrlOf(): string {
  const state = serverState();
  if (state.database) {
    const url = new URL(state.database.adminUrl);
    url.pathname = `/${state.database.name}`;
    return url.toString();
  }
  if (state.dataDir) {
    // The embedded PostgreSQL: the credentials the server made for it, and the port it listens on.
    const credentials = JSON.parse(readFileSync(path.join(state.dataDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
    const port = readFileSync(path.join(state.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]?.trim();
    if (!port || !/^\d+$/.test(port)) throw new Error(`Cannot read the embedded PostgreSQL's port from ${state.dataDir}/postgres/postmaster.pid`);
    return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/commonplace`;
  }
  throw new Error('global set-up recorded neither a database nor a data folder');
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * For each payload: a page `xss-<n>` whose title and text are the payload, a thread on it whose
 * subject is the payload, and a reply in that thread whose text is the payload, all by hadleyac.
 */
async function insertPayloads(databaseUrl: string): Promise<PayloadContent[]> {
  const db = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await db.connect();
  try {
    await db.query('BEGIN');
    const author = await db.query<{ id: number }>(`SELECT id FROM users WHERE lower(username) = 'hadleyac'`);
    if (author.rowCount !== 1) throw new Error('the seeded user hadleyac is missing');
    const authorId = author.rows[0].id;
    const content: PayloadContent[] = [];
    for (const [index, { name, payload }] of XSS_PAYLOADS.entries()) {
      const number = index + 1;
      const slug = `xss-${number}`;
      const pageId = (await db.query<{ id: number }>('INSERT INTO pages (slug, title) VALUES ($1, $2) RETURNING id', [slug, payload])).rows[0].id;
      const revisionId = (
        await db.query<{ id: number }>(
          `INSERT INTO revisions (page_id, body, author_id, summary) VALUES ($1, $2, $3, 'XSS test') RETURNING id`,
          [pageId, payload, authorId],
        )
      ).rows[0].id;
      await db.query('UPDATE pages SET current_revision_id = $1 WHERE id = $2', [revisionId, pageId]);
      const threadId = (
        await db.query<{ id: number }>('INSERT INTO threads (page_id, subject, body, starter_id) VALUES ($1, $2, $3, $4) RETURNING id', [
          pageId,
          payload,
          THREAD_BODY,
          authorId,
        ])
      ).rows[0].id;
      await db.query('INSERT INTO replies (thread_id, author_id, body) VALUES ($1, $2, $3)', [threadId, authorId, payload]);
      content.push({ number, name, payload, slug, threadId });
    }
    await db.query('COMMIT');
    return content;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** The server hears of the commit through NOTIFY; wait until it serves the new rows. */
async function waitUntilServed(baseURL: string, content: PayloadContent[]): Promise<void> {
  const last = content[content.length - 1];
  for (const url of [`${baseURL}/wiki/${last.slug}`, `${baseURL}/threads/${last.threadId}`]) {
    await expect
      .poll(async () => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status, { message: `GET ${url}`, timeout: 15_000 })
      .toBe(200);
  }
}
