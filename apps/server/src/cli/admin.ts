import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountsService } from '../accounts/accounts.service';
import { readConfig } from '../config';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { ExportService } from '../export/export.service';
import { ImportError, ImportService } from '../export/import.service';
import { MediawikiImportError, MediawikiImportService } from '../mediawiki/mediawiki-import.service';
import { CliModule } from './cli.module';
import { askHidden } from './prompt';

const USAGE = `Usage: npm run admin -- create <username>
       npm run admin -- export <file.zip>
       npm run admin -- import <file.zip>
       npm run admin -- import-mediawiki <dump.xml[.gz]> [--report <file.md>]

create: creates an administrator, or makes an existing person one, and sets their password.
The password is read from COMMONPLACE_ADMIN_PASSWORD, or asked for on the terminal.
export: writes the whole wiki to a ZIP (the same archive as "Export the wiki").
import: brings such a ZIP into a Commonplace with no pages yet (a new database or data folder,
before its first start: the sample wiki is not loaded into it).
import-mediawiki: brings a MediaWiki XML dump (dumpBackup.php --full, or Special:Export) in, with
every revision; prints progress; writes the import report (default: next to the dump, ending
-import-report.md). Run it again after a crash: it continues, adding nothing twice.`;

async function main(): Promise<number> {
  const [command, argument] = process.argv.slice(2);
  if (!['create', 'export', 'import', 'import-mediawiki'].includes(command) || !argument) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'create') return create(argument);
  if (command === 'import-mediawiki') return importMediawiki(argument, process.argv.slice(4));
  return withDatabase(async (app) => {
    if (command === 'export') {
      const run = await app.get(ExportService).begin();
      const counts = await run.write(createWriteStream(argument));
      console.log(`Wrote the wiki to ${argument}: ${counts.pages} pages with ${counts.revisions} revisions, ${counts.threads} threads with ${counts.replies} replies, ${counts.files} files.`);
      return 0;
    }
    try {
      const counts = await app.get(ImportService).importFile(argument);
      console.log(
        `Imported ${argument}: ${counts.pages} pages with ${counts.revisions} revisions, ${counts.areas} areas, ${counts.recommendations} recommendations, ` +
          `${counts.threads} threads with ${counts.replies} replies, ${counts.files} files; ${counts.people} people (${counts.peopleCreated} new accounts, without passwords).`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      console.error(`Not imported: ${error.message} Nothing was changed.`);
      return 1;
    }
  }, command === 'import');
}

async function importMediawiki(dump: string, rest: string[]): Promise<number> {
  const reportAt = rest.indexOf('--report');
  const reportPath = reportAt === -1 ? `${dump.replace(/\.xml(\.gz)?$|\.gz$/i, '')}-import-report.md` : rest[reportAt + 1];
  if (!reportPath) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async (app) => {
    try {
      const result = await app.get(MediawikiImportService).importDump(dump, { reportPath, progress: (line) => console.log(line) });
      console.log(
        `Imported ${dump}: ${result.pages} pages with ${result.revisions} revisions, ${result.threads} threads with ${result.replies} replies ` +
          `(this run: ${result.pagesThisRun} pages, ${result.revisionsThisRun} revisions; ${result.peopleCreated} new accounts, without passwords).`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof MediawikiImportError)) throw error;
      console.error(`Not imported: ${error.message}`);
      return 1;
    }
  });
}

async function create(username: string): Promise<number> {
  const password = process.env.COMMONPLACE_ADMIN_PASSWORD ?? (await passwordFromTerminal(username));
  if (password === null) return 2;

  return withDatabase(async (app) => {
    const result = await app.get(AccountsService).createOrPromoteAdmin(username, password);
    if ('problem' in result) {
      console.error(`Not done: ${result.problem}.`);
      return 1;
    }
    console.log(`${result.created ? 'Created' : 'Updated'} ${result.user.username}: an administrator, with the password you gave.`);
    return 0;
  });
}

/** Runs `work` on the site's database (DATABASE_URL, or the embedded one, running or not), migrated; seeded unless `unseeded`. */
async function withDatabase(work: (app: INestApplicationContext) => Promise<number>, unseeded = false): Promise<number> {
  if (unseeded) process.env.COMMONPLACE_SEED = 'off';
  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir) ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(databaseUrl), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

async function passwordFromTerminal(username: string): Promise<string | null> {
  if (!process.stdin.isTTY) {
    console.error('No terminal to ask for the password: set COMMONPLACE_ADMIN_PASSWORD instead.');
    return null;
  }
  const first = await askHidden(`Password for ${username} (10 characters or more): `);
  const second = await askHidden('The same password again: ');
  if (first !== second) {
    console.error('The two passwords are different. Nothing was changed.');
    return null;
  }
  return first;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`The admin command failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
