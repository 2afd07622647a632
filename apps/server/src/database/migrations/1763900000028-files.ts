import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Images and files in pages and posts (issue 15).
 *
 * - `files`: the wiki object a text refers to (`![[file:<id>]]`), with its description (the image's
 *   text alternative, or a document's link text), the `decorative` choice made on purpose (then the
 *   description is empty), who uploaded it, and a moderator's hiding (`hidden_at`, audited).
 * - `file_versions`: each upload of it; the newest is the current one, older ones stay reachable.
 *   `content_hash` is the SHA-256 of the stored full-size copy and names its bytes in the store
 *   (local disk or S3); `variants` lists the stored copies (`original.jpg`, `w640.webp`, …).
 *
 * Changes to either table are announced site-wide (no page list): a description or a hiding changes
 * every page that shows the file, and uploads are rare enough that dropping the read cache for them
 * costs little.
 */
export class Files1763900000028 implements MigrationInterface {
  name = 'Files1763900000028';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE files (
        id serial PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('image', 'document')),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
        decorative boolean NOT NULL DEFAULT false,
        uploader_id integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        hidden_at timestamptz,
        hidden_by_id integer REFERENCES users (id) ON DELETE SET NULL,
        hidden_reason text,
        -- An image has a description or is decorative, never neither (the form asks; this makes sure).
        CHECK (kind <> 'image' OR decorative OR description <> ''),
        CHECK (NOT decorative OR description = '')
      )`);
    await db.query(`
      CREATE TABLE file_versions (
        id serial PRIMARY KEY,
        file_id integer NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        media_type text NOT NULL,
        extension text NOT NULL,
        byte_size integer NOT NULL CHECK (byte_size > 0),
        width integer,
        height integer,
        variants jsonb NOT NULL DEFAULT '[]',
        uploader_id integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX file_versions_file ON file_versions (file_id, id DESC)');
    await db.query('CREATE INDEX file_versions_hash ON file_versions (content_hash)');
    // Quota and rate limit: what one person uploaded, by time.
    await db.query('CREATE INDEX file_versions_uploader ON file_versions (uploader_id, created_at)');
    for (const table of ['files', 'file_versions']) {
      await db.query(
        `CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_data_changed()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE file_versions');
    await db.query('DROP TABLE files');
  }
}
