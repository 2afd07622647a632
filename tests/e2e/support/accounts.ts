import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import {
  expect,
  test as base,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Locator,
  type Page,
  type PlaywrightWorkerArgs,
} from '@playwright/test';
import { Pool } from 'pg';

/*
 * People, sessions and form posts for the account tests.
 *
 * The rate limits are on (register: 5 an hour, sign-in: 10 per 15 minutes, per address, and every
 * browser test comes from 127.0.0.1), so people are made straight in the database of the server
 * global set-up started, and signed in by giving the browser a session cookie, exactly as the
 * server's own sign-in does: a random token in the cookie, its SHA-256 in `sessions`.
 */

export const SESSION_COOKIE = 'commonplace_session';
export const CSRF_COOKIE = 'commonplace_csrf';

/** The one password every person made here has, unless a test gives another. */
export const PASSWORD = 'kettle orbit meadow lantern';

export type Role = 'participant' | 'moderator' | 'admin';

export interface Person {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface PersonOptions {
  /** A prefix for the username; a random suffix keeps it unique. */
  name?: string;
  displayName?: string;
  role?: Role;
  /** Makes the person suspended, with this reason. */
  suspendedReason?: string;
  /** null: no password (like the seeded accounts); default PASSWORD. */
  password?: string | null;
}

export interface StoredAccount {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  suspended: boolean;
  suspendedReason: string | null;
}

/** Where the server global set-up started listens (workers inherit E2E_BASE_URL from the runner). */
export function baseURL(): string {
  return process.env.E2E_BASE_URL || `http://127.0.0.1:${process.env.E2E_PORT || '3999'}`;
}

/** A username nobody else has: `<prefix>-<6 random hex digits>`, at most 30 characters. */
export function uniqueUsername(prefix: string): string {
  return `${prefix.slice(0, 23)}-${randomBytes(3).toString('hex')}`;
}

/** The database access the account tests need, one pool per worker. */
export class TestDatabase {
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(readonly pool: Pool) {}

  async query<T extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, values)).rows;
  }

  /** argon2id, as the server hashes (it reads the parameters from the hash when verifying). */
  private passwordHash(password: string): Promise<string> {
    let hashed = this.hashes.get(password);
    if (!hashed) {
      hashed = hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 65_536, timeCost: 4, parallelism: 1 });
      this.hashes.set(password, hashed);
    }
    return hashed;
  }

  async createPerson(options: PersonOptions = {}): Promise<Person> {
    const username = uniqueUsername(options.name ?? options.role ?? 'person');
    const displayName = options.displayName ?? `Test ${username}`;
    const role = options.role ?? 'participant';
    const password = options.password === undefined ? PASSWORD : options.password;
    const passwordHash = password === null ? null : await this.passwordHash(password);
    const suspended = options.suspendedReason !== undefined;
    const [row] = await this.query<{ id: number }>(
      `INSERT INTO users (username, display_name, role, password_hash, suspended_at, suspended_reason)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [username, displayName, role, passwordHash, suspended ? new Date() : null, suspended ? options.suspendedReason : null],
    );
    return { id: row.id, username, displayName, role, password: password ?? '' };
  }

  /** Starts a session for the person, as signing in does; returns the cookie's token. */
  async startSession(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.query(`INSERT INTO sessions (id, user_id, last_seen_at, expires_at) VALUES ($1, $2, now(), now() + interval '7 days')`, [
      sha256(token),
      userId,
    ]);
    return token;
  }

  async sessionExists(token: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM sessions WHERE id = $1', [sha256(token)])).length === 1;
  }

  async sessionCount(userId: number): Promise<number> {
    const [row] = await this.query<{ count: string }>('SELECT count(*) FROM sessions WHERE user_id = $1', [userId]);
    return Number(row.count);
  }

  /** A person's account as stored, or null when there is no such username. */
  async account(username: string): Promise<StoredAccount | null> {
    const [row] = await this.query<{
      id: number;
      username: string;
      display_name: string;
      role: Role;
      password_hash: string | null;
      suspended_at: Date | null;
      suspended_reason: string | null;
    }>('SELECT id, username, display_name, role, password_hash, suspended_at, suspended_reason FROM users WHERE lower(username) = lower($1)', [
      username,
    ]);
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      passwordHash: row.password_hash,
      suspended: row.suspended_at !== null,
      suspendedReason: row.suspended_reason,
    };
  }

  /** Whether the person's stored password is `password`. */
  async passwordIs(username: string, password: string): Promise<boolean> {
    const account = await this.account(username);
    if (!account?.passwordHash) return false;
    return verify(account.passwordHash, password);
  }
}

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session cookie as a browser context or API request context stores it. */
export function sessionCookie(token: string) {
  const { hostname } = new URL(baseURL());
  return { name: SESSION_COOKIE, value: token, domain: hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const };
}

/** Signs a browser context in with a session token (as the server's Set-Cookie would). */
export async function signInWithCookie(context: BrowserContext, token: string): Promise<void> {
  await context.addCookies([sessionCookie(token)]);
}

export const test = base.extend<{ freshAddress: void }, { db: TestDatabase }>({
  /*
   * Every test comes from 127.0.0.1, so the whole suite would share one address's limits (10
   * sign-ins per 15 minutes, say) and later tests would be refused for what earlier ones did. Each
   * test starts as a visitor the limits have not seen; the limits themselves are tested in the
   * server's specs (apps/server/src/security), and no browser test counts on them.
   */
  freshAddress: [
    async ({ db }, use) => {
      await db.query('DELETE FROM rate_limit_hits');
      await use();
    },
    { auto: true },
  ],
  db: [
    async ({}, use) => {
      const pool = new Pool({ connectionString: testDatabaseUrl(), max: 3, connectionTimeoutMillis: 10_000 });
      try {
        await use(new TestDatabase(pool));
      } finally {
        await pool.end();
      }
    },
    { scope: 'worker' },
  ],
});

export { expect };

// ---------------------------------------------------------------------------------------------
// Form posts without a browser

/** An API request context for someone anonymous, or signed in with `token`. */
export function apiAs(playwright: PlaywrightWorkerArgs['playwright'], token?: string): Promise<APIRequestContext> {
  return playwright.request.newContext({
    baseURL: baseURL(),
    storageState: { cookies: token ? [sessionCookie(token)] : [], origins: [] },
  });
}

/**
 * Opens a page as a browser would and returns the form token from its `_csrf` field, checking it
 * matches the `commonplace_csrf` cookie the server set (the double-submit pair).
 */
export async function formToken(api: APIRequestContext, pagePath = '/sign-in'): Promise<string> {
  const response = await api.get(pagePath, { maxRedirects: 0 });
  expect(response.status(), `GET ${pagePath}`).toBe(200);
  const html = await response.text();
  const token = /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  expect(token, `a _csrf field on ${pagePath}`).toBeTruthy();
  const cookie = (await api.storageState()).cookies.find((c) => c.name === CSRF_COOKIE);
  expect(cookie?.value, 'the commonplace_csrf cookie matches the _csrf field').toBe(token);
  return token!;
}

export interface PostOptions {
  /** The Origin header: this site's by default (as a browser sends on its own forms); null for none. */
  origin?: string | null;
  /** The `_csrf` field: left out when null. */
  csrf: string | null;
  /** More headers, e.g. Referer. */
  headers?: Record<string, string>;
}

/** POSTs a form the way a browser without JavaScript does, without following a redirect. */
export function postForm(api: APIRequestContext, pagePath: string, fields: Record<string, string>, options: PostOptions): Promise<APIResponse> {
  const origin = options.origin === undefined ? baseURL() : options.origin;
  const form = options.csrf === null ? fields : { _csrf: options.csrf, ...fields };
  return api.post(pagePath, { form, headers: { ...(origin === null ? {} : { Origin: origin }), ...options.headers }, maxRedirects: 0 });
}

/** The `<title>` and `<h1>` of an HTML answer. */
export async function titleAndHeading(response: APIResponse): Promise<{ title: string; h1: string; text: string }> {
  const html = await response.text();
  const decode = (text: string) =>
    text
      .replace(/<[^>]+>/g, '')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;|&#34;/g, '"')
      .replace(/&amp;|&#38;/g, '&')
      .replace(/\s+/g, ' ')
      .trim();
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  return {
    title: decode(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? ''),
    h1: decode(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? ''),
    text: decode(main.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<\/(p|h1|h2|li|div)>/g, ' ')),
  };
}

// ---------------------------------------------------------------------------------------------
// The keyboard

/**
 * Runs in the page (self-contained, so Playwright can send it): the accessible name, roughly, of
 * the focused element, and whether it is `target`.
 */
function describeFocus(target?: Element): { name: string; reached: boolean } {
  const element = document.activeElement as HTMLElement | null;
  if (!element || element === document.body) return { name: '(nothing)', reached: false };
  const labelledBy = element.getAttribute('aria-labelledby');
  const label =
    element.getAttribute('aria-label') ??
    (labelledBy
      ? labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
      : null) ??
    ((element as HTMLInputElement).labels?.[0]?.textContent || null) ??
    element.textContent;
  return { name: (label ?? '').replace(/\s+/g, ' ').trim() || `<${element.tagName.toLowerCase()}>`, reached: element === target };
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, at most `max` times; returns the names of
 * the stops on the way, and fails with them when the target is never reached. `target` must be
 * on the page.
 */
export async function tabTo(page: Page, target: Locator, { max = 30, backwards = false } = {}): Promise<string[]> {
  const stops: string[] = [];
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const stop = await target.evaluate(describeFocus);
    stops.push(stop.name);
    if (stop.reached) return stops;
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} did not reach ${target}; focus went: ${stops.join(' → ')}`);
}

/**
 * Waits until React Router's client has taken over the page (so forms submit through it and the
 * error summary can take focus), then lets effects run.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __reactRouterDataRouter?: unknown }).__reactRouterDataRouter !== undefined);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** The GOV.UK error summary, found by its heading. */
export function errorSummary(page: Page): Locator {
  return page.locator('div', { has: page.getByRole('heading', { level: 2, name: 'There is a problem', exact: true }) }).last();
}

/** The header's account navigation ("Sign in", "Signed in as …", "Sign out"). */
export function accountNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Account' });
}

// ---------------------------------------------------------------------------------------------
// Finding the database of the server global set-up started

/**
 * The URL of the database the suite's server uses. Global set-up runs in the test runner and keeps
 * it in memory (support/server-state.ts), which workers cannot see; workers do know the server's
 * address (E2E_BASE_URL), so this finds the process listening on that port and reads the
 * DATABASE_URL (or the embedded PostgreSQL's DATA_DIR) it was started with. Linux only.
 * E2E_DATABASE_URL overrides the search.
 */
export function testDatabaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  // Not serverState(): in a worker it is empty, or holds a server of a spec's own (xss.spec.ts).
  const port = Number(new URL(baseURL()).port || 80);
  const pid = pidListeningOn(port);
  if (pid === null) throw new Error(`No process listens on port ${port}: is the suite's server running? (Set E2E_DATABASE_URL to skip this search.)`);
  const environment = readEnvironment(pid);
  if (environment.DATABASE_URL) return environment.DATABASE_URL;
  if (environment.DATA_DIR) return embeddedUrl(path.resolve(readlinkSync(`/proc/${pid}/cwd`), environment.DATA_DIR));
  throw new Error(`The server on port ${port} (pid ${pid}) has neither DATABASE_URL nor DATA_DIR in its environment.`);
}

/** The embedded PostgreSQL's URL: the credentials the server made for it and the port in postmaster.pid. */
function embeddedUrl(dataDir: string): string {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
  const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    ?.trim();
  if (!port || !/^\d+$/.test(port)) throw new Error(`Cannot read the embedded PostgreSQL's port from ${dataDir}/postgres/postmaster.pid`);
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/commonplace`;
}

/** The process with a listening TCP socket on `port` (Linux: /proc/net/tcp*, then each process's sockets). */
function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      const localPort = parseInt(columns[1].split(':')[1] ?? '', 16);
      if (localPort === port && columns[3] === '0A') inodes.add(columns[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}

function readEnvironment(pid: number): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const pair of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const equals = pair.indexOf('=');
    if (equals > 0) environment[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return environment;
}
