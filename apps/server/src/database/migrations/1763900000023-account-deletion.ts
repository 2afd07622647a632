import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Delete my account" (UK GDPR erasure): the row stays, because revisions, threads, replies, stars
 * and moderation records point at it and stay, attributed to "a former participant"; `deleted_at`
 * marks it, and everything personal in it is cleared (PersonalDataService.deleteAccount).
 */
export class AccountDeletion1763900000023 implements MigrationInterface {
  name = 'AccountDeletion1763900000023';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN deleted_at timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users DROP COLUMN deleted_at');
  }
}
