import { MigrationInterface, QueryRunner } from 'typeorm';

/** "Pause live updates", remembered per person (signed in), not only per browser. */
export class LiveUpdatesPreference1763900000010 implements MigrationInterface {
  name = 'LiveUpdatesPreference1763900000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN live_updates_paused boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users DROP COLUMN live_updates_paused');
  }
}
