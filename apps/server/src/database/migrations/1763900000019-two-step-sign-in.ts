import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-step sign-in (TOTP, RFC 6238) and what the account page lists about sessions.
 *
 * - two_step_secrets: one per person, while setting up (confirmed_at null) or on. The secret is
 *   sealed (AES-256-GCM, key from TWO_STEP_KEY) when the site has a key, else stored as it is (the
 *   README says so). last_used_step is the time step of the last code accepted: a code for that step
 *   or an earlier one is refused, so a code seen over someone's shoulder cannot be used again.
 * - users.two_step_enabled_at: whether it is on, read with the session's person on every request
 *   (the requirement for moderators and administrators is checked from it without another query).
 * - recovery_codes: only the SHA-256 of each (they are random, so a fast hash is enough); used once.
 * - pending_sign_ins: a password accepted, a code not yet: not a session. The cookie holds a random
 *   token, the table its SHA-256, when it stops working and how many codes were tried.
 * - sessions.user_agent: the browser's User-Agent when the session began, cut to 512 characters,
 *   for "Signed-in browsers" on /account.
 *
 * No data-changed trigger: nothing a shared page shows depends on these rows.
 */
export class TwoStepSignIn1763900000019 implements MigrationInterface {
  name = 'TwoStepSignIn1763900000019';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE two_step_secrets (
        user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        last_used_step bigint
      )`);
    await db.query('ALTER TABLE users ADD COLUMN two_step_enabled_at timestamptz');
    await db.query(`
      CREATE TABLE recovery_codes (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
    await db.query(`
      CREATE TABLE pending_sign_ins (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0
      )`);
    await db.query('CREATE INDEX pending_sign_ins_user ON pending_sign_ins (user_id)');
    await db.query('ALTER TABLE sessions ADD COLUMN user_agent text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE sessions DROP COLUMN user_agent');
    await db.query('DROP TABLE pending_sign_ins');
    await db.query('DROP TABLE recovery_codes');
    await db.query('ALTER TABLE users DROP COLUMN two_step_enabled_at');
    await db.query('DROP TABLE two_step_secrets');
  }
}
