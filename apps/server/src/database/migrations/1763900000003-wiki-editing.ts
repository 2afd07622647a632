import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Editing the wiki: soft deletion of pages, reverts, old slugs kept as redirects after a rename,
 * the wiki-link index ("Links to this page"), and indexes for history and recent changes.
 */
export class WikiEditing1763900000003 implements MigrationInterface {
  name = 'WikiEditing1763900000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE pages
        ADD COLUMN deleted_at timestamptz,
        ADD COLUMN deleted_by_id integer REFERENCES users (id),
        ADD COLUMN deleted_reason text;

      ALTER TABLE revisions ADD COLUMN reverted_to_id integer REFERENCES revisions (id);

      CREATE TABLE page_redirects (
        slug text PRIMARY KEY,
        page_id integer NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX page_redirects_page_idx ON page_redirects (page_id);

      -- One row per wiki link in a page's current text, by the slug the link names (which may be
      -- a page's old slug, or no page yet).
      CREATE TABLE page_links (
        from_page_id integer NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        to_slug text NOT NULL,
        PRIMARY KEY (from_page_id, to_slug)
      );
      CREATE INDEX page_links_to_idx ON page_links (to_slug);

      CREATE INDEX changes_recent_idx ON changes (created_at DESC, id DESC);
      CREATE INDEX changes_actor_idx ON changes (actor_id, created_at DESC, id DESC);
    `);
    for (const table of ['page_redirects', 'page_links']) {
      await db.query(
        `CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_data_changed()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX changes_actor_idx; DROP INDEX changes_recent_idx;
      DROP TABLE page_links; DROP TABLE page_redirects;
      ALTER TABLE revisions DROP COLUMN reverted_to_id;
      ALTER TABLE pages DROP COLUMN deleted_reason, DROP COLUMN deleted_by_id, DROP COLUMN deleted_at;
    `);
  }
}
