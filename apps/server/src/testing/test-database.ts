import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by the global setup for every test worker. */
export const TEST_ENV = {
  adminUrl: 'COMMONPLACE_TEST_ADMIN_URL',
  template: 'COMMONPLACE_TEST_TEMPLATE',
  prefix: 'COMMONPLACE_TEST_PREFIX',
} as const;

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated, seeded template; drop it when done. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const template = process.env[TEST_ENV.template];
  const prefix = process.env[TEST_ENV.prefix];
  if (!adminUrl || !template || !prefix) throw new Error('The Jest global setup did not run (apps/server/jest.config.js).');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
