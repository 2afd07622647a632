import { Browser, hiddenField } from '../reliability/support/load';
import { dropDatabase, freePort, freshDatabase, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

/*
 * First run in the browser: a fresh database (migrated and seeded by the server: the seeded
 * masterclass people include no administrator), so the server logs one line with a one-time set-up
 * address. Its page, posted as a browser without scripts posts it, creates the first administrator
 * and names the site; then the address is a 404, and a restart logs no set-up line.
 */
describe('first run: fresh database → set-up address in the log → first administrator', () => {
  let server: ServerProcess;
  let base: string;
  let env: Record<string, string | undefined>;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), NODE_ENV: 'production', REDIS_URL: undefined, SMTP_URL: undefined, SITE_URL: undefined };
    Object.assign(env, adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: tempDataDir() });
    server = startServer(env);
    await waitUntilReady(server, base, 120_000);
  }, 180_000);

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

  /** The set-up addresses the log holds (one line each). */
  const setupLines = (output: string) => output.split('\n').filter((line) => line.includes('/setup?token='));

  it('logs one set-up line; its page creates the first administrator with the site’s name and mode; then it is gone', async () => {
    // The line comes just after the server starts listening.
    const deadline = Date.now() + 10_000;
    while (setupLines(server.output()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = setupLines(server.output());
    expect(lines).toHaveLength(1);
    const address = /(http:\/\/[^\s"]+\/setup\?token=[A-Za-z0-9_-]+)/.exec(lines[0])![1];
    expect(address.startsWith(`${base}/setup?token=`)).toBe(true);
    const token = new URL(address).searchParams.get('token')!;

    // Without the token, or with a wrong one, there is no such page.
    const stranger = browser();
    expect((await stranger.get('/setup')).status).toBe(404);
    expect((await stranger.get(`/setup?token=${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`)).status).toBe(404);

    const organiser = browser();
    const page = await organiser.get(`/setup?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Set up this site</h1>');
    expect(hiddenField(page.body, 'token')).toBe(token);

    // A mistake: the answer says what, at the field, and nothing is created.
    const wrong = await organiser.postForm(`/setup?token=${token}`, { token, siteName: 'Ward 7 wiki', private: 'private', username: 'ward7-admin', password: 'short', email: '' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('Password must be 10 characters or more');

    const done = await organiser.postForm(`/setup?token=${token}`, { token, siteName: 'Ward 7 wiki', private: 'private', username: 'ward7-admin', password: 'a long unusual passphrase', email: '' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/admin/invitations');
    const invitations = await organiser.get('/admin/invitations');
    expect(invitations.status).toBe(200);
    expect(invitations.body).toContain('Ward 7 wiki');
    expect(invitations.body).toContain('<h1>Invite people</h1>');

    // Private now: someone signed out is sent to sign in.
    const home = await stranger.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/sign-in');

    // The address is gone.
    expect((await organiser.get(`/setup?token=${token}`)).status).toBe(404);
    const again = await stranger.get(`/setup?token=${token}`);
    expect(again.status).toBe(404);

    // A restart: an administrator exists, so no set-up line.
    await stopServer(server);
    server = startServer(env);
    await waitUntilReady(server, base, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.output()).toContain('Commonplace is running at');
    expect(setupLines(server.output())).toEqual([]);
  }, 240_000);
});
