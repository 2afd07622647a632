import { rmSync } from 'node:fs';
import { withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__commonplaceTestDatabase;
  if (!state) return;
  await withAdminClient(state.adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${state.prefix}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  await state.embedded?.stop();
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}
