import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A page save may carry an idempotency key, as a reply can: a save sent again (a resubmitted form, a
 * client retrying after a lost answer or a server restart) finds the revision its key already made
 * instead of merging the same words in a second time. One revision per key and author.
 */
export class PageSaveIdempotency1763900000012 implements MigrationInterface {
  name = 'PageSaveIdempotency1763900000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE revisions ADD COLUMN idempotency_key text CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 100);
      CREATE UNIQUE INDEX revisions_idempotency_idx ON revisions (author_id, idempotency_key);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX revisions_idempotency_idx; ALTER TABLE revisions DROP COLUMN idempotency_key;');
  }
}
