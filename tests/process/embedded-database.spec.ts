import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedUrl, freePort, graphql, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

/** These run without DATABASE_URL on purpose: they are about the embedded database a newcomer gets. */
describe('the embedded PostgreSQL, across restarts', () => {
  const dataDir = tempDataDir();
  let port: number;
  let baseUrl: string;
  const start = () => startServer({ PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: undefined });

  beforeAll(async () => {
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  const snapshot = async () => {
    const client = new Client({ connectionString: embeddedUrl(dataDir) });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM recommendations) AS recommendations,
                (SELECT count(*) FROM stars) AS stars, (SELECT count(*) FROM revisions) AS revisions,
                (SELECT count(*) FROM changes) AS changes, (SELECT count(*) FROM threads) AS threads,
                (SELECT count(*) FROM replies) AS replies, (SELECT count(*) FROM migrations) AS migrations`,
      );
      return rows[0];
    } finally {
      await client.end();
    }
  };

  it('keeps written data, seeds only once, and stops cleanly on SIGTERM and SIGINT', async () => {
    let server: ServerProcess = start();
    await waitUntilReady(server, baseUrl);
    expect(server.output()).toContain('loaded the 2008 masterclass wiki');

    // Write something the seed does not contain, straight into the embedded database.
    const client = new Client({ connectionString: embeddedUrl(dataDir) });
    await client.connect();
    await client.query(`INSERT INTO users (username, display_name) VALUES ('restart-check', 'Written before the restart')`);
    await client.end();
    const before = await snapshot();

    expect(await stopServer(server, 'SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    server = start();
    await waitUntilReady(server, baseUrl);
    expect(server.output()).not.toContain('loaded the 2008 masterclass wiki');
    const data = await graphql<{ user: { displayName: string } | null }>(baseUrl, '{ user(username: "restart-check") { displayName } }');
    expect(data.user).toEqual({ displayName: 'Written before the restart' });
    expect(await snapshot()).toEqual(before);

    expect(await stopServer(server, 'SIGINT')).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('recovers after a crash that left PostgreSQL running without its server', async () => {
    const crashed = start();
    await waitUntilReady(crashed, baseUrl);
    crashed.child.kill('SIGKILL'); // PostgreSQL, its child, lives on as an orphan
    await crashed.exited;
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);

    const server = start();
    await waitUntilReady(server, baseUrl);
    const data = await graphql<{ page: { title: string } }>(baseUrl, '{ page(slug: "emerging-issues") { title } }');
    expect(data.page.title).toBe('Emerging issues');
    expect(await stopServer(server)).toBe(0);
  });

  it('recovers from a stale pid file naming a process that no longer exists', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    // The shape PostgreSQL writes; 2^22 - 1 is above Linux's default pid_max, so no such process exists.
    writeFileSync(pidFile, `4194303\n${path.join(dataDir, 'postgres')}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
    const server = start();
    await waitUntilReady(server, baseUrl);
    expect(readFileSync(pidFile, 'utf8').split('\n')[0]).not.toBe('4194303');
    expect(await stopServer(server)).toBe(0);
  });
});
