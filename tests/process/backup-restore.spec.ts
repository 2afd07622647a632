import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { create as createTar, extract as extractTar } from 'tar';
import { embeddedUrl, freePort, ROOT, startServer, stopServer, tempDataDir, waitUntilReady, type ServerProcess } from './server-process';

const COMMAND = path.join(ROOT, 'dist/server/apps/server/src/cli/backup.js');

/** Runs the built backup command as `npm run backup` / `npm run restore` would. */
function command(args: string[], env: Record<string, string | undefined>): { status: number | null; out: string; err: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const result = spawnSync(process.execPath, [COMMAND, ...args], { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** Every table in every schema but PostgreSQL's own: its row count and a digest of all its rows in a fixed order. */
async function everyTable(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ count: string; digest: string | null }>(`SELECT count(*) AS count, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${name} t`);
      result[name] = `${rows[0].count} rows, ${rows[0].digest}`;
    }
    const { rows: sequences } = await client.query<{ name: string; value: string }>(
      "SELECT format('%I.%I', schemaname, sequencename) AS name, coalesce(last_value, 0)::text AS value FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    for (const { name, value } of sequences) result[`sequence ${name}`] = value;
    return result;
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** An empty database on the test server (DATABASE_URL), as an operator would make with createdb. */
async function emptyDatabase(name: string): Promise<string> {
  const admin = process.env.DATABASE_URL!;
  await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sql(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Rewrites an archive's members with `change` applied (as someone tampering with it would). */
async function altered(archive: string, to: string, change: (folder: string) => void): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'commonplace-altered-'));
  await extractTar({ file: archive, cwd: folder });
  change(folder);
  await createTar({ file: to, cwd: folder, portable: true }, ['manifest.json', 'database.dump']);
  rmSync(folder, { recursive: true, force: true });
  return to;
}

describe('npm run backup and npm run restore', () => {
  const source = tempDataDir();
  const fresh = tempDataDir();
  const work = mkdtempSync(path.join(os.tmpdir(), 'commonplace-backups-'));
  const archive = path.join(work, 'nightly.tar');
  const embedded = { DATABASE_URL: undefined };
  const databases: string[] = [];
  let server: ServerProcess | undefined;
  let atBackup: Record<string, string>;

  afterAll(async () => {
    if (server) await stopServer(server);
    for (const name of databases) await sql(process.env.DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const dir of [path.dirname(source), path.dirname(fresh), work]) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the embedded database while the site runs, and restores it into a fresh data folder exactly', async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), DATA_DIR: source, ...embedded });
    await waitUntilReady(server, `http://127.0.0.1:${port}`);
    await sql(embeddedUrl(source), `INSERT INTO users (username, display_name) VALUES ('kept-by-backup', 'In the backup')`);
    // An uploaded file's stored copy, in the local store (DATA_DIR/files), as the server writes it.
    const fileBytes = Buffer.from('Notes from the second workshop\n');
    const fileHash = createHash('sha256').update(fileBytes).digest('hex');
    const fileKey = `${fileHash}/original.txt`;
    mkdirSync(path.join(source, 'files', fileHash.slice(0, 2), fileHash), { recursive: true });
    writeFileSync(path.join(source, 'files', fileHash.slice(0, 2), fileKey), fileBytes);
    const before = await everyTable(embeddedUrl(source));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['public.users', 'public.revisions', 'public.replies', 'public.migrations']));

    const made = command(['backup', archive], { DATA_DIR: source, ...embedded });
    expect(made.err).toBe('');
    expect(made.status).toBe(0);
    expect(made.out).toContain(`to ${archive}`);
    atBackup = await everyTable(embeddedUrl(source));
    expect(atBackup).toEqual(before);

    // What the manifest says: version, migrations, a checksum, and where uploaded files will go.
    const folder = mkdtempSync(path.join(work, 'look-'));
    await extractTar({ file: archive, cwd: folder });
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'commonplace-backup', app: { version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version } });
    expect(manifest.migrations.length).toBeGreaterThan(10);
    expect(manifest.database.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files).toMatchObject({ included: true, entries: [{ key: fileKey, bytes: fileBytes.length, sha256: fileHash }] });
    expect(readFileSync(path.join(folder, 'files', fileKey))).toEqual(fileBytes);

    // Mistakes after the backup.
    await sql(embeddedUrl(source), `UPDATE users SET display_name = 'Changed after' WHERE username = 'kept-by-backup'; DELETE FROM stars; INSERT INTO users (username, display_name) VALUES ('after-backup', 'Not in the backup')`);
    expect(await everyTable(embeddedUrl(source))).not.toEqual(atBackup);
    expect(await stopServer(server)).toBe(0);
    server = undefined;

    const restored = command(['restore', archive], { DATA_DIR: fresh, ...embedded });
    expect(restored.err).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.out).toContain(`into the embedded database in ${fresh}`);
    // The stored copies come back into the fresh data folder's local store.
    expect(readFileSync(path.join(fresh, 'files', fileHash.slice(0, 2), fileKey))).toEqual(fileBytes);

    // The site starts on the restored folder (no migration, no seeding) with exactly the backed-up rows.
    const port2 = await freePort();
    server = startServer({ PORT: String(port2), DATA_DIR: fresh, ...embedded });
    await waitUntilReady(server, `http://127.0.0.1:${port2}`);
    expect(server.output()).not.toContain('loaded the 2008 masterclass wiki');
    expect(server.output()).not.toContain('applied');
    // Every row as backed up, but for the one table a start itself writes: while a site has no
    // administrator, each start makes a new first-run set-up link (and logs its address).
    const { 'public.setup_tokens': madeAtStart, ...restoredRows } = await everyTable(embeddedUrl(fresh));
    const { 'public.setup_tokens': _backedUp, ...backedUpRows } = atBackup;
    expect(restoredRows).toEqual(backedUpRows);
    expect(madeAtStart).toMatch(/^2 rows/);
    expect(await stopServer(server)).toBe(0);
    server = undefined;
  });

  it('restores into an empty external database, and refuses one that is not empty, leaving it as it was', async () => {
    const name = 'commonplace_restore_external';
    databases.push(name);
    const url = await emptyDatabase(name);
    const restored = command(['restore', archive], { DATABASE_URL: url });
    expect(restored.err).toBe('');
    expect(restored.status).toBe(0);
    expect(await everyTable(url)).toEqual(atBackup);

    await sql(url, `UPDATE users SET display_name = 'Edited since' WHERE username = 'kept-by-backup'`);
    const edited = await everyTable(url);
    const again = command(['restore', archive], { DATABASE_URL: url });
    expect(again.status).toBe(1);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/^Restore refused: the database already holds \d+ table\(s\); restore only into an empty database/);
    expect(await everyTable(url)).toEqual(edited);
  });

  it('refuses a truncated archive, a tampered one and one from another version with one line, touching nothing', async () => {
    const name = 'commonplace_restore_refused';
    databases.push(name);
    const url = await emptyDatabase(name);

    const truncated = path.join(work, 'truncated.tar');
    writeFileSync(truncated, readFileSync(archive));
    truncateSync(truncated, Math.floor(readFileSync(archive).length / 2));
    const tampered = await altered(archive, path.join(work, 'tampered.tar'), (folder) => {
      const dump = readFileSync(path.join(folder, 'database.dump'));
      dump[Math.floor(dump.length / 2)] ^= 0xff;
      writeFileSync(path.join(folder, 'database.dump'), dump);
    });
    const older = await altered(archive, path.join(work, 'older.tar'), (folder) => {
      const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      manifest.app.version = '0.0.1';
      manifest.migrations = manifest.migrations.slice(0, 5);
      writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    });
    const notThere = path.join(work, 'missing.tar');

    const expected: [string, RegExp][] = [
      [truncated, /^Restore refused: .*truncated\.tar is not a complete Commonplace backup \(it may be truncated or damaged\); nothing was changed\.$/],
      [tampered, /^Restore refused: .*tampered\.tar has been changed or damaged since it was made/],
      [older, /^Restore refused: .*older\.tar was made by Commonplace 0\.0\.1 with 5 database migrations; this is .* Restore it with the version that made it/],
      [notThere, /^Restore refused: there is no archive at /],
    ];
    for (const [file, message] of expected) {
      const result = command(['restore', file], { DATABASE_URL: url });
      expect(result.status).toBe(1);
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err.trim()).toMatch(message);
      expect(await everyTable(url)).toEqual({});
    }
  });

  it('refuses to overwrite an existing archive', async () => {
    const name = 'commonplace_backup_source';
    databases.push(name);
    const url = await emptyDatabase(name);
    expect(command(['restore', archive], { DATABASE_URL: url }).status).toBe(0);

    const existing = command(['backup', archive], { DATABASE_URL: url });
    expect(existing.status).toBe(1);
    expect(existing.err.trim()).toBe(`Backup failed: ${archive} already exists; choose another name or move it away.`);
  });
});
