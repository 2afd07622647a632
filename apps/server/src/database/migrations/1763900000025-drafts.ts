import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts kept on the server (issue 16): what a signed-in person was writing — a page edit, a new
 * page, a new thread or a reply — so it follows them to any browser where they sign in.
 *
 * - One row per person and `draft_key` (what the text is for: `page-edit:<slug>`, `reply:<thread>:<reply>` …).
 * - `base_revision_id`: the page revision a page edit started from, so a restored edit is merged with
 *   what others saved since (the edit-conflict path) instead of silently undoing it.
 * - `client_saved_at` is the writing browser's time of the save: a save older than the row's is
 *   refused, so a late request from a slow connection never overwrites newer words.
 * - Discarding (or posting) keeps the row as a tombstone (`discarded_at` set) with the newest time it
 *   covers, so a save still in flight when the text was posted cannot bring the draft back.
 *
 * No data-changed trigger: no shared page shows a draft; the fields that read this table mark the
 * request personal, so nothing holding a draft is kept in a shared cache.
 */
export class Drafts1763900000025 implements MigrationInterface {
  name = 'Drafts1763900000025';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE drafts (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        draft_key text NOT NULL CHECK (char_length(draft_key) <= 320),
        title text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        summary text NOT NULL DEFAULT '',
        tags text NOT NULL DEFAULT '',
        base_revision_id integer,
        client_saved_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        discarded_at timestamptz,
        PRIMARY KEY (user_id, draft_key)
      )`);
    await db.query('CREATE INDEX drafts_updated ON drafts (updated_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE drafts');
  }
}
