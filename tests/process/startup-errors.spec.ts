import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServer, type ServerProcess } from './server-process';

/** Start-up problems end within 15 s, with one line saying what is wrong and what to do, and a non-zero exit. */
async function expectCleanFailure(server: ServerProcess, mentions: RegExp): Promise<void> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([server.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 15_000)))]);
  clearTimeout(timer);
  if (code === 'timeout') server.child.kill('SIGKILL');
  expect(code).not.toBe('timeout');
  expect(code).not.toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  const lines = server.output().trim().split('\n').filter((line) => line.startsWith('Commonplace could not start'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(mentions);
}

describe('start-up errors', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'commonplace-startup-'));
  chmodSync(scratch, 0o755);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('says so when DATA_DIR cannot be written', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const server = startServer({ PORT: String(await freePort()), DATA_DIR: path.join(file, 'data'), DATABASE_URL: undefined });
    await expectCleanFailure(server, /DATA_DIR .* is not writable/);
  });

  it('says so when DATABASE_URL cannot be reached', async () => {
    const closedPort = await freePort();
    const server = startServer({ PORT: String(await freePort()), DATABASE_URL: `postgres://nobody@127.0.0.1:${closedPort}/nothing` });
    await expectCleanFailure(server, /cannot reach the PostgreSQL server in DATABASE_URL/);
  });

  it('refuses TRUST_PROXY=true, which would let anyone forge their address', async () => {
    const server = startServer({ PORT: String(await freePort()), TRUST_PROXY: 'true' });
    await expectCleanFailure(server, /TRUST_PROXY=true .*number of proxies/);
  });

  it('says so when the port is already in use', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const dataDir = path.join(scratch, 'data');
      const env = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: dataDir };
      const server = startServer({ PORT: String(port), ...env });
      await expectCleanFailure(server, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });
});
