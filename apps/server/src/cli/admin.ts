import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AccountsService } from '../accounts/accounts.service';
import { readConfig } from '../config';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { CliModule } from './cli.module';
import { askHidden } from './prompt';

const USAGE = `Usage: npm run admin -- create <username>

Creates an administrator, or makes an existing person one, and sets their password.
The password is read from COMMONPLACE_ADMIN_PASSWORD, or asked for on the terminal.`;

async function main(): Promise<number> {
  const [command, username] = process.argv.slice(2);
  if (command !== 'create' || !username) {
    console.error(USAGE);
    return 2;
  }
  const password = process.env.COMMONPLACE_ADMIN_PASSWORD ?? (await passwordFromTerminal(username));
  if (password === null) return 2;

  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir) ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(databaseUrl), { logger: ['error', 'warn'] });
  try {
    const result = await app.get(AccountsService).createOrPromoteAdmin(username, password);
    if ('problem' in result) {
      console.error(`Not done: ${result.problem}.`);
      return 1;
    }
    console.log(`${result.created ? 'Created' : 'Updated'} ${result.user.username}: an administrator, with the password you gave.`);
    return 0;
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
