import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { ROOT } from './server-process';

const ADMIN_COMMAND = path.join(ROOT, 'dist/server/apps/server/src/cli/admin.js');
const FIXTURE = path.join(ROOT, 'apps/server/src/mediawiki/fixtures/peer-wiki.xml.gz');

/*
 * The MediaWiki import as an operator runs it: the built admin command on a real dump, killed
 * (SIGKILL, as a crash or a power cut) once it has said it is part-way, then run again: it
 * continues, and the site ends with every revision once. Broken XML stops it with one line.
 */

const adminUrl = process.env.DATABASE_URL;
const name = `commonplace_process_${Math.random().toString(36).slice(2, 10)}`;
const dir = mkdtempSync(path.join(tmpdir(), 'commonplace-mediawiki-'));
let databaseUrl = '';

const env = (): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: databaseUrl });

async function query<T>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!adminUrl) throw new Error('This test needs DATABASE_URL (a PostgreSQL server it may create a database on).');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe('import-mediawiki with the admin command', () => {
  it('killed part-way, it continues when run again and brings every revision in once', async () => {
    const report = path.join(dir, 'report.md');
    const child = spawn(process.execPath, [ADMIN_COMMAND, 'import-mediawiki', FIXTURE, '--report', report], { cwd: ROOT, env: env() });
    let out = '';
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/^[1-9]\d* of 208 pages/m.test(out)) child.kill('SIGKILL');
    });
    expect(await ended).toBe('SIGKILL');
    const [part] = await query<{ pages: number }>('SELECT count(*)::int AS pages FROM mediawiki_pages');
    expect(part.pages).toBeGreaterThan(0);
    expect(part.pages).toBeLessThan(203);

    const again = spawnSync(process.execPath, [ADMIN_COMMAND, 'import-mediawiki', FIXTURE, '--report', report], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 240_000 });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`Continuing an earlier import of peerwiki: ${part.pages} pages were already in; they are not added again.`);
    expect(again.stdout).toMatch(/^208 of 208 pages \(100%\)/m);
    // The seeded site already has "Emerging issues" (30 revisions), and "Apt Pinning" shares "Apt pinning"'s address: 203 of the 205 content pages.
    expect(again.stdout).toMatch(/Imported .*peer-wiki\.xml\.gz: 203 pages with 204 revisions, 3 threads with 4 replies/);
    const [counts] = await query<{ revisions: number; distinct: number; pages: number }>(
      `SELECT count(*)::int AS revisions, count(DISTINCT (r.page_id, r.created_at, r.summary))::int AS distinct,
              count(DISTINCT r.page_id)::int AS pages
       FROM revisions r JOIN mediawiki_pages m ON m.page_id = r.page_id`,
    );
    expect(counts).toEqual({ revisions: 204, distinct: 204, pages: 203 });
    expect(readFileSync(report, 'utf8')).toContain('- Pages: 203 with 204 revisions');
  }, 300_000);

  it('stops at broken XML with one line, changing nothing', async () => {
    const broken = path.join(dir, 'broken.xml');
    writeFileSync(broken, gunzipSync(readFileSync(FIXTURE)).toString('utf8').replace('</page>', '</pgae>'));
    const [before] = await query<{ pages: number }>('SELECT count(*)::int AS pages FROM pages');
    const result = spawnSync(process.execPath, [ADMIN_COMMAND, 'import-mediawiki', broken], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Not imported: The dump is not well-formed XML at line \d+, column \d+: .+\. Export it again \(dumpBackup\.php --full, or Special:Export\) and check that it was copied whole\.$/);
    const [after] = await query<{ pages: number }>('SELECT count(*)::int AS pages FROM pages');
    expect(after).toEqual(before);
  });
});
