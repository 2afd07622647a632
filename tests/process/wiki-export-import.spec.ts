import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { ROOT, tempDataDir } from './server-process';

const ADMIN_COMMAND = path.join(ROOT, 'dist/server/apps/server/src/cli/admin.js');

/*
 * The operator's round trip with the built admin command: `export` a seeded site to a ZIP,
 * `import` it into a new, empty database, `export` that: the same archive apart from its time of
 * export. Importing again into the now full database is refused with one line and changes nothing.
 */

function unzip(file: string): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    fromBuffer(readFileSync(file), { lazyEntries: true }, (error, zip?: ZipFile) => {
      if (error || !zip) return reject(error);
      const files: [string, string][] = [];
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: Entry) =>
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            files.push([entry.fileName, entry.fileName === 'manifest.json' ? JSON.stringify({ ...JSON.parse(text), exportedAt: null }) : text]);
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    });
  });
}

const adminUrl = process.env.DATABASE_URL;
const made: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'commonplace-roundtrip-'));

/** A new database on DATABASE_URL's server (its uploaded files in their own folder), or else a new data folder for the embedded PostgreSQL. */
async function newDatabase(): Promise<NodeJS.ProcessEnv> {
  if (!adminUrl) return { DATABASE_URL: undefined, DATA_DIR: tempDataDir(), FILES_DIR: undefined };
  const name = `commonplace_process_${Math.random().toString(36).slice(2, 10)}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  made.push(name);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), FILES_DIR: path.join(dir, `${name}-files`) };
}

function admin(database: NodeJS.ProcessEnv, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...database };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return spawnSync(process.execPath, [ADMIN_COMMAND, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!adminUrl) return;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  for (const name of made) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe('whole-wiki export and import with the admin command', () => {
  it('export → import into an empty database → export gives the same archive; a second import is refused', async () => {
    const seeded = await newDatabase();
    const notes = Buffer.from('Minutes of the March meeting\n');
    const hash = createHash('sha256').update(notes).digest('hex');
    if (seeded.DATABASE_URL) {
      // An uploaded document (in the database the first command seeds), its bytes in the store's layout.
      expect(admin(seeded, 'export', path.join(dir, 'seeding.zip')).status).toBe(0);
      mkdirSync(path.join(seeded.FILES_DIR!, hash.slice(0, 2), hash), { recursive: true });
      writeFileSync(path.join(seeded.FILES_DIR!, hash.slice(0, 2), hash, 'original.txt'), notes);
      const client = new Client({ connectionString: seeded.DATABASE_URL });
      await client.connect();
      await client.query(`INSERT INTO files (id, name, kind, description) VALUES (7, 'minutes.txt', 'document', 'March minutes')`);
      await client.query(`INSERT INTO file_versions (file_id, content_hash, media_type, extension, byte_size) VALUES (7, $1, 'text/plain', 'txt', $2)`, [hash, notes.length]);
      await client.end();
    }
    const first = admin(seeded, 'export', path.join(dir, 'first.zip'));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Wrote the wiki to .*first\.zip: \d+ pages with \d+ revisions/);

    const empty = await newDatabase();
    const imported = admin(empty, 'import', path.join(dir, 'first.zip'));
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^Imported .*first\.zip: \d+ pages with \d+ revisions/);

    const second = admin(empty, 'export', path.join(dir, 'second.zip'));
    expect(second.status).toBe(0);
    const [before, after] = await Promise.all([unzip(path.join(dir, 'first.zip')), unzip(path.join(dir, 'second.zip'))]);
    expect(before.length).toBeGreaterThan(10);
    expect(after).toEqual(before);
    if (empty.DATABASE_URL) {
      // The document came through the commands: the same bytes in the new site's store, under the same file id.
      expect(after).toContainEqual([`files/${hash}/original.txt`, notes.toString()]);
      expect(readFileSync(path.join(empty.FILES_DIR!, hash.slice(0, 2), hash, 'original.txt')).equals(notes)).toBe(true);
      const client = new Client({ connectionString: empty.DATABASE_URL });
      await client.connect();
      expect((await client.query('SELECT id, name FROM files')).rows).toEqual([{ id: 7, name: 'minutes.txt' }]);
      await client.end();
    }

    const again = admin(empty, 'import', path.join(dir, 'first.zip'));
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(
      'Not imported: This Commonplace already has pages, areas, threads or files: import into an empty one (a new database), so nothing is mixed or overwritten. Nothing was changed.',
    );
  }, 300_000);
});
