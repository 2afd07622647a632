import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Browser } from '../reliability/support/load';
import { dropDatabase, freePort, freshDatabase, ROOT, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

const ADMIN_COMMAND = path.join(ROOT, 'dist/server/apps/server/src/cli/admin.js');

/*
 * The terminal command stays for scripts: on a fresh site whose server has logged a set-up address,
 * `npm run admin -- create <username>` (its built script, as `npm run admin` runs it) makes the
 * first administrator, and the set-up address is then gone.
 */
describe('the admin command on a site waiting to be set up', () => {
  let server: ServerProcess;
  let base: string;
  let database: Record<string, string | undefined>;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    database = adminUrl ? { DATABASE_URL: await freshDatabase(adminUrl) } : { DATABASE_URL: undefined, DATA_DIR: tempDataDir() };
    server = startServer({ PORT: String(port), NODE_ENV: 'production', REDIS_URL: undefined, SMTP_URL: undefined, SITE_URL: undefined, ...database });
    await waitUntilReady(server, base, 120_000);
  }, 180_000);

  afterAll(async () => {
    browsers.forEach((browser) => browser.close());
    await stopServer(server);
    await dropDatabase();
  });

  it('creates the first administrator; the set-up address is then a 404', async () => {
    const deadline = Date.now() + 10_000;
    let line: RegExpExecArray | null = null;
    while (!(line = /(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(server.output())) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const setup = new URL(line![1]);
    const reader = new Browser(base, '127.0.0.1');
    browsers.push(reader);
    expect((await reader.get(setup.pathname + setup.search)).status).toBe(200);

    const env: NodeJS.ProcessEnv = { ...process.env, ...database, COMMONPLACE_ADMIN_PASSWORD: 'a long unusual passphrase' };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const ran = spawnSync(process.execPath, [ADMIN_COMMAND, 'create', 'scripted-admin'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(ran.status).toBe(0);

    expect((await reader.get(setup.pathname + setup.search)).status).toBe(404);
    const { data } = await reader.graphql<{ signIn: { user: { role: string } | null } }>('mutation($i: SignInInput!) { signIn(input: $i) { user { role } errors { message } } }', {
      i: { username: 'scripted-admin', password: 'a long unusual passphrase' },
    });
    expect(data.signIn.user).toEqual({ role: 'Admin' });
  }, 120_000);
});
