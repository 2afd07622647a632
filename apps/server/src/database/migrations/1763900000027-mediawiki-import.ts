import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import from MediaWiki (issue 18, item 5): what has been brought in from which wiki, so running the
 * same import again after a crash (or with a newer dump) continues where it stopped and never adds
 * a revision twice. A wiki is named by its dump's <dbname>. Each page of the dump gets a row once
 * its revisions (or, for a talk page, its threads) are in, in the same transaction; `notes` are its
 * lines of the import report (what was kept as code, which discussions broke the conventions).
 */
export class MediawikiImport1763900000027 implements MigrationInterface {
  name = 'MediawikiImport1763900000027';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mediawiki_pages (
        wiki text NOT NULL,
        mw_page_id bigint NOT NULL,
        title text NOT NULL,
        page_id integer REFERENCES pages (id) ON DELETE CASCADE,
        threads integer NOT NULL DEFAULT 0,
        notes jsonb NOT NULL DEFAULT '[]',
        imported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (wiki, mw_page_id)
      );
      CREATE TABLE mediawiki_revisions (
        wiki text NOT NULL,
        mw_revision_id bigint NOT NULL,
        revision_id integer NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
        PRIMARY KEY (wiki, mw_revision_id)
      );
      -- A talk page finds its page, and a redirect its target, by title.
      CREATE INDEX mediawiki_pages_title_idx ON mediawiki_pages (wiki, title);
      -- Deleting a page or revision finds its record quickly.
      CREATE INDEX mediawiki_pages_page_idx ON mediawiki_pages (page_id) WHERE page_id IS NOT NULL;
      CREATE INDEX mediawiki_revisions_revision_idx ON mediawiki_revisions (revision_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE mediawiki_revisions; DROP TABLE mediawiki_pages;');
  }
}
