import { randomBytes } from 'node:crypto';
import { Browser, hiddenField } from '../reliability/support/load';
import { dropDatabase, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

interface LogLine {
  level: number;
  time: number;
  msg: string;
  context?: string;
  req?: { id: string; method: string; path: string };
  res?: { statusCode: number };
  route?: string;
  durationMs?: number;
}

/**
 * What an operator sees of the built server: one JSON line per request (route pattern, status,
 * duration, request id; never a password, cookie or what was written) and Prometheus metrics at
 * /metrics behind METRICS_TOKEN, with request counts that rise as people read.
 */
describe('the request log and /metrics of a running server', () => {
  const token = randomBytes(24).toString('base64url');
  let server: ServerProcess;
  let base: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    const database = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: tempDataDir() };
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer({ PORT: String(port), NODE_ENV: 'production', REDIS_URL: undefined, METRICS_TOKEN: token, LOG_LEVEL: undefined, LOG_FORMAT: undefined, ...database });
    await waitUntilReady(server, base);
  }, 120_000);

  afterAll(async () => {
    browsers.forEach((browser) => browser.close());
    await stopServer(server);
    await dropDatabase();
  });

  const browser = () => {
    const made = new Browser(base, '127.0.0.1');
    browsers.push(made);
    return made;
  };
  const logLines = (): LogLine[] =>
    server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  /** The log is written as each response ends; the test reads the process' output a moment later. */
  const requestLine = async (id: string): Promise<LogLine> => {
    for (let waited = 0; waited < 5000; waited += 50) {
      const line = logLines().find((entry) => entry.req?.id === id);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no log line for request ${id}:\n${server.output().slice(-2000)}`);
  };
  const scrape = async (): Promise<string> => {
    const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const sample = (metrics: string, series: string): number => {
    const line = metrics.split('\n').find((entry) => entry.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it('says what it does as JSON lines, through Nest services too', () => {
    const lines = logLines();
    expect(lines.find((line) => line.msg.startsWith('Commonplace is running at'))).toMatchObject({ level: 30 });
    expect(lines.find((line) => line.msg.includes('loaded the 2008 masterclass wiki'))).toMatchObject({ level: 30, context: 'Database' });
    // Nest's own start-up chatter (each module and route it sets up) stays out.
    expect(lines.some((line) => line.context === 'RoutesResolver' || line.context === 'InstanceLoader')).toBe(false);
  });

  it('logs each request once, with its route pattern, status, duration and id', async () => {
    const visitor = browser();
    const page = await visitor.get('/wiki/emerging-issues?from=search');
    expect(page.status).toBe(200);
    const id = String(page.headers['x-request-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await requestLine(id);
    expect(line).toMatchObject({ level: 30, msg: 'request', req: { id, method: 'GET', path: '/wiki/emerging-issues' }, res: { statusCode: 200 }, route: '/wiki/:slug' });
    expect(typeof line.time).toBe('number');
    expect(line.durationMs).toBeGreaterThan(0);
    expect(logLines().filter((entry) => entry.req?.id === id)).toHaveLength(1);
    // The query string is not logged (search words, tokens).
    expect(server.output()).not.toContain('from=search');

    const missing = await visitor.get('/no/such/page');
    expect(await requestLine(String(missing.headers['x-request-id']))).toMatchObject({ res: { statusCode: 404 }, route: '/*' });
    const api = await visitor.graphql<{ page: { title: string } }>('{ page(slug: "emerging-issues") { title } }');
    expect(await requestLine(String(api.answer.headers['x-request-id']))).toMatchObject({ req: { method: 'POST', path: '/graphql' }, route: '/graphql' });
  });

  it('never logs a password, a cookie or what someone wrote', async () => {
    const username = `logcheck${randomBytes(3).toString('hex')}`;
    const password = `secret ${randomBytes(12).toString('hex')}`;
    const writer = browser();
    await writer.graphql('mutation ($input: RegisterInput!) { register(input: $input) { user { username } errors { message } } }', {
      input: { username, displayName: 'Log check', password },
    });
    const words = `Words only the page should hold ${randomBytes(8).toString('hex')}`;
    const created = await writer.graphql<{ createPage: { page: { slug: string } | null } }>(
      'mutation ($input: CreatePageInput!) { createPage(input: $input) { page { slug } errors { message } } }',
      { input: { title: `Log check ${randomBytes(3).toString('hex')}`, body: words, summary: 'for the log test' } },
    );
    expect(created.data.createPage.page).not.toBeNull();

    // Signing in through the page's form, as a browser does without JavaScript.
    const reader = browser();
    const form = await reader.get('/sign-in');
    const signIn = await reader.postForm('/sign-in', { _csrf: hiddenField(form.body, '_csrf') ?? '', username, password });
    expect(signIn.status).toBe(303);
    const session = reader.cookies.get('commonplace_session');
    expect(session).toBeTruthy();
    const signedIn = await reader.get('/wiki/emerging-issues');
    expect(signedIn.body).toContain('Log check');
    expect(await requestLine(String(signIn.headers['x-request-id']))).toMatchObject({ req: { method: 'POST', path: '/sign-in' }, res: { statusCode: 303 }, route: '/sign-in' });
    await requestLine(String(signedIn.headers['x-request-id']));

    const output = server.output();
    expect(output).not.toContain(password);
    expect(output).not.toContain(session);
    expect(output).not.toContain(reader.csrfToken);
    expect(output).not.toContain(words);
    expect(output).not.toMatch(/cookie|authorization/i);
  });

  it('serves metrics only with the token, and the request counts rise', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);

    const pageViews = 'http_request_duration_seconds_count{method="GET",route="/wiki/:slug",status="200"}';
    const before = await scrape();
    const visitor = browser();
    for (let view = 0; view < 3; view++) expect((await visitor.get('/wiki/emerging-issues')).status).toBe(200);
    const after = await scrape();
    expect(sample(after, pageViews)).toBe(sample(before, pageViews) + 3);
    // Pages by their pattern, never their address.
    expect(after).not.toContain('route="/wiki/emerging-issues"');

    // Every view by someone signed out is either answered with the kept page or rendered (and kept).
    const hits = 'commonplace_read_cache_requests_total{cache="finished_pages",result="hit"}';
    const misses = 'commonplace_read_cache_requests_total{cache="finished_pages",result="miss"}';
    expect(sample(after, hits) + sample(after, misses)).toBe(sample(before, hits) + sample(before, misses) + 3);
    // The page is kept once compressed, a moment after it was sent; then views are hits.
    let latest = after;
    for (let tries = 0; tries < 20 && sample(latest, hits) === sample(after, hits); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await visitor.get('/wiki/emerging-issues');
      latest = await scrape();
    }
    expect(sample(latest, hits)).toBeGreaterThan(sample(after, hits));
    expect(sample(after, 'commonplace_database_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(after).toMatch(/^commonplace_socketio_connections \d+$/m);
    expect(after).toMatch(/^commonplace_email_digest_failures_total 0$/m);
    expect(after).toMatch(/^process_cpu_seconds_total /m);
  });
});
