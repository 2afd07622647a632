import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An administrator's MediaWiki import from the browser (/admin/import, issue 18 item 5): one row per
 * uploaded dump, with its progress, so any server process can show it and the page survives reloads.
 * A run whose process stops beating (heartbeat_at) is marked interrupted; uploading the same dump
 * again resumes it (the import itself records what it brought in, per page and revision).
 * At most one run is running at a time (the partial unique index), whichever process started it.
 */
export class MediawikiImportRuns1763900000033 implements MigrationInterface {
  name = 'MediawikiImportRuns1763900000033';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mediawiki_import_runs (
        id serial PRIMARY KEY,
        started_by int REFERENCES users (id) ON DELETE SET NULL,
        file_name text NOT NULL,
        state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'failed', 'interrupted')),
        pages_done int NOT NULL DEFAULT 0,
        pages_total int,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text,
        report text
      );
      CREATE UNIQUE INDEX mediawiki_import_runs_one_running ON mediawiki_import_runs ((true)) WHERE state = 'running';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE mediawiki_import_runs');
  }
}
