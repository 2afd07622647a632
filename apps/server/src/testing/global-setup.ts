import './register-path-aliases';
import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { MasterclassSeeder } from '../seed/masterclass-seeder';
import { databaseUrl, TEST_ENV, withAdminClient } from './test-database';

declare global {
  // Shared with the global teardown, which runs in the same process.
  var __commonplaceTestDatabase: { embedded?: EmbeddedDatabase; dataDir?: string; adminUrl: string; prefix: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-jest-'));
    chmodSync(dataDir, 0o755); // the postgres system user (when run as root) must be able to enter it
    embedded = await startEmbeddedPostgres({ dataDir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    adminUrl = embedded.url;
  }
  const prefix = `commonplace_test_${randomBytes(3).toString('hex')}`;
  const template = `${prefix}_template`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${template}"`));

  const dataSource = new DataSource(dataSourceOptions(databaseUrl(adminUrl, template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await new MasterclassSeeder(dataSource).seedIfEmpty();
  } finally {
    await dataSource.destroy();
  }

  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.prefix] = prefix;
  globalThis.__commonplaceTestDatabase = { embedded, dataDir, adminUrl, prefix };
}
