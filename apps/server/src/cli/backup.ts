import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backup, BackupError, restore } from '../backup/backup';
import { readConfig, StartupError } from '../config';
import { localFilesDir } from '../files/file-store';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';

const USAGE = `Usage:
  npm run backup [-- <archive file or folder>]   (default: backups/commonplace-<time>.tar)
  npm run restore <archive>

The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (default ./data).
A backup can be made while the site runs. A restore goes only into an empty database: a new
DATA_DIR, or a new empty database named in DATABASE_URL.`;

async function main(): Promise<number> {
  const [command, argument] = process.argv.slice(2);
  if (command === 'backup') return runBackup(argument);
  if (command === 'restore' && argument) return runRestore(argument);
  console.error(USAGE);
  return 2;
}

async function runBackup(argument: string | undefined): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*/, 'Z');
  const name = `commonplace-${stamp}.tar`;
  let target = path.resolve(argument ?? path.join('backups', name));
  if (argument && existsSync(target) && statSync(target).isDirectory()) target = path.join(target, name);
  return withDatabase(async (url) => {
    const manifest = await backup(url, target, localFilesOrNull());
    const files = manifest.files.included ? ` and ${manifest.files.entries.length} stored file copies` : ' (uploaded files are in the S3 bucket: back it up with its own tools)';
    console.log(`Backed up the database (${manifest.migrations.length} migrations, Commonplace ${manifest.app.version})${files} to ${target}`);
  }, 'Backup failed');
}

async function runRestore(archive: string): Promise<number> {
  return withDatabase(async (url, where) => {
    const manifest = await restore(url, archive, os.tmpdir(), localFilesOrNull());
    console.log(`Restored ${path.resolve(archive)} (made ${manifest.createdAt}) into ${where}. Start the server as usual.`);
  }, 'Restore refused');
}

/** The local file store's folder, or null when files are kept in S3. */
function localFilesOrNull(): string | null {
  return process.env.FILE_STORE === 's3' ? null : localFilesDir();
}

/** The external database, the running embedded one, or the embedded one started just for this (a fresh DATA_DIR gets a new, empty cluster). */
async function withDatabase(work: (url: string, where: string) => Promise<void>, failure: string): Promise<number> {
  let embedded: EmbeddedDatabase | undefined;
  try {
    const config = readConfig();
    let url = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
    if (!url) url = (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
    await work(url, config.databaseUrl ? 'the database in DATABASE_URL' : `the embedded database in ${config.dataDir}`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError || error instanceof StartupError) {
      console.error(`${failure}: ${error.message}.`.replace(/\.\.$/, '.'));
      return 1;
    }
    throw error;
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`The command failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(1);
  },
);
