import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * @mentions (issue 16, item 5): a notification of kind "mention" tells a person they were named in
 * a thread or a reply. Its event key is `mention:thread:<id>` or `mention:reply:<id>`, so the unique
 * (recipient, event_key) index makes editing a post never tell anyone twice.
 *
 * The "@" suggestions look people up by the start of their username or display name: prefix
 * indexes (text_pattern_ops, which LIKE 'abc%' can use whatever the collation) keep that quick.
 */
export class MentionNotifications1763900000029 implements MigrationInterface {
  name = 'MentionNotifications1763900000029';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'new-thread', 'page-edit', 'mention'));
      CREATE INDEX users_username_prefix_idx ON users (lower(username) text_pattern_ops) WHERE deleted_at IS NULL;
      CREATE INDEX users_display_name_prefix_idx ON users (lower(display_name) text_pattern_ops) WHERE deleted_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX users_username_prefix_idx; DROP INDEX users_display_name_prefix_idx;
      DELETE FROM notifications WHERE kind = 'mention';
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('reply', 'new-thread', 'page-edit'));
    `);
  }
}
