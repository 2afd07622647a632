import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { TestDatabase } from './accounts';
import { serverState } from './server-state';

/**
 * The database of the server with mail that this worker started (support/mail.ts's mailSite; its
 * global set-up ran in this worker, so serverState() here holds it), for the few rows a browser
 * journey cannot make itself: an administrator to start from, and checks of what was stored.
 */
export function mailSiteDatabase(): TestDatabase {
  const state = serverState();
  let url: string;
  if (state.database) {
    const parsed = new URL(state.database.adminUrl);
    parsed.pathname = `/${state.database.name}`;
    url = parsed.toString();
  } else if (state.dataDir) {
    const credentials = JSON.parse(readFileSync(path.join(state.dataDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
    const port = readFileSync(path.join(state.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3].trim();
    url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/commonplace`;
  } else {
    throw new Error('No server with mail was started in this worker');
  }
  return new TestDatabase(new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 }));
}
