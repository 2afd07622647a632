import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email addresses are confirmed before anything but the confirmation goes to them.
 *
 * - `users.email_confirmed_at`: when the person followed the link sent to `users.email`; null while
 *   the address is unconfirmed (or there is none). Addresses already held when this migration runs
 *   count as confirmed: each was typed by its owner at registration, and digests that reached them
 *   until now would otherwise stop without warning. (The seeded people have no address.)
 * - `email_confirmations`: one row per link sent, only the SHA-256 of its random token kept, with
 *   the address it confirms (a link for an address since replaced confirms nothing), when it
 *   expires and when it was used.
 */
export class EmailConfirmation1763900000018 implements MigrationInterface {
  name = 'EmailConfirmation1763900000018';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz');
    await db.query('UPDATE users SET email_confirmed_at = now() WHERE email IS NOT NULL');
    await db.query(`
      CREATE TABLE email_confirmations (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query('CREATE INDEX email_confirmations_user ON email_confirmations (user_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE email_confirmations');
    await db.query('ALTER TABLE users DROP COLUMN email_confirmed_at');
  }
}
