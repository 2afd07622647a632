import { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords, optional email and suspension on people; server-side sessions; rate-limit counters. */
export class AccountsAndSessions1763900000002 implements MigrationInterface {
  name = 'AccountsAndSessions1763900000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN password_hash text,
        ADD COLUMN email text,
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN suspended_reason text,
        ADD CONSTRAINT users_suspension_has_reason CHECK ((suspended_at IS NULL) = (suspended_reason IS NULL));

      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id);
      CREATE INDEX sessions_expires_idx ON sessions (expires_at);

      CREATE UNLOGGED TABLE rate_limit_hits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE rate_limit_hits;
      DROP TABLE sessions;
      ALTER TABLE users DROP CONSTRAINT users_suspension_has_reason,
        DROP COLUMN password_hash, DROP COLUMN email, DROP COLUMN suspended_at, DROP COLUMN suspended_reason;
    `);
  }
}
