import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset links. Only the SHA-256 of each link's random token is kept (the token itself is
 * 32 random bytes, so a fast hash is enough: nothing to guess by brute force), with when it stops
 * working and when it was used. A link is used at most once: using it sets used_at in the same
 * statement that checks it is still null. Rows go with their person.
 *
 * No data-changed trigger: nothing a page shows depends on these rows.
 */
export class PasswordResets1763900000017 implements MigrationInterface {
  name = 'PasswordResets1763900000017';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_resets (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query('CREATE INDEX password_resets_user ON password_resets (user_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE password_resets');
  }
}
