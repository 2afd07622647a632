import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT, startServer, stopServer, waitUntilReady } from './server-process';

/**
 * A newcomer who clones into /root (mode 700) and runs `npm start` as root: the embedded PostgreSQL
 * runs as the `postgres` system user, who cannot enter /root. The server puts its data elsewhere,
 * says where in one line, and finds it again on the next start. The copy of the built app lives in
 * a mode-700 folder like /root; ROOT_DATA_HOME stands in for /var/lib/commonplace, so the test
 * leaves the machine's own folder alone.
 */
describe('started as root from a private folder, with no DATA_DIR', () => {
  const isRoot = process.getuid?.() === 0;
  const privateHome = mkdtempSync(path.join(os.tmpdir(), 'commonplace-private-')); // mode 0700, as /root
  const clone = path.join(privateHome, 'commonplace');
  const dataHomeParent = mkdtempSync(path.join(os.tmpdir(), 'commonplace-varlib-'));
  chmodSync(dataHomeParent, 0o755);
  const dataHome = path.join(dataHomeParent, 'commonplace'); // not there yet: the server makes it
  const where = { cwd: clone, main: path.join(clone, 'dist/server/apps/server/src/main.js') };

  beforeAll(() => {
    // What `npm start` runs, as a clone would hold it: the built server and web client, the
    // workspace marker, and the installed packages (linked, not copied: they are large).
    mkdirSync(clone);
    for (const file of ['nx.json', 'package.json']) cpSync(path.join(ROOT, file), path.join(clone, file));
    cpSync(path.join(ROOT, 'dist/server'), path.join(clone, 'dist/server'), { recursive: true });
    cpSync(path.join(ROOT, 'dist/web'), path.join(clone, 'dist/web'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  });
  afterAll(() => {
    rmSync(privateHome, { recursive: true, force: true });
    rmSync(dataHomeParent, { recursive: true, force: true });
  });

  it('runs as root here (as CI and the servers it is for do)', () => {
    expect(isRoot).toBe(true);
    expect(statSync(privateHome).mode & 0o777).toBe(0o700);
  });

  it('keeps its data where the database can reach it, says where, and uses it again on the next start', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), DATA_DIR: undefined, DATABASE_URL: undefined, ROOT_DATA_HOME: dataHome };

    let server = startServer(env, where);
    await waitUntilReady(server, baseUrl);
    const [folder] = readdirSync(dataHome);
    const dataDir = path.join(dataHome, folder);
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(clone, 'data'))).toBe(false);
    const says = server.output().split('\n').filter((line) => line.includes(dataDir));
    expect(says[0]).toMatch(new RegExp(`cannot enter ${privateHome} \\(mode 700\\), so the data folder is ${dataDir}`));
    expect(server.output()).toContain('loaded the 2008 masterclass wiki');
    const page = await fetch(`${baseUrl}/wiki/emerging-issues`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Emerging issues');
    expect(await stopServer(server)).toBe(0);

    server = startServer(env, where);
    await waitUntilReady(server, baseUrl);
    expect(readdirSync(dataHome)).toEqual([folder]);
    expect(server.output()).toContain(`the data folder is ${dataDir}`);
    expect(server.output()).not.toContain('loaded the 2008 masterclass wiki'); // the same database, already seeded
    expect((await fetch(`${baseUrl}/wiki/emerging-issues`)).status).toBe(200);
    expect(await stopServer(server)).toBe(0);
  });

  it('keeps the clear error for an explicit DATA_DIR the database cannot reach', async () => {
    const server = startServer({ PORT: String(await freePort()), DATA_DIR: path.join(clone, 'data'), DATABASE_URL: undefined, ROOT_DATA_HOME: dataHome }, where);
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toMatch(new RegExp(`Commonplace could not start: the embedded PostgreSQL runs as the "postgres" system user, who cannot enter ${privateHome} \\(mode 700\\)`));
  });
});
