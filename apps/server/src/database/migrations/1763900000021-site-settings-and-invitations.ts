import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Site settings, invitations and first-run set-up.
 *
 * - `site_settings`: one row (id 1) with the site's name and whether it is private. Every server
 *   process keeps a copy and re-reads it when PostgreSQL says the table changed (the same
 *   `commonplace_data_changed` notification as the read cache: a change here is a change to the
 *   whole site, so every cached read and kept page is dropped with it).
 * - `invitations`: one row per invitation mailed, only the SHA-256 of its random token kept, with
 *   the address and role it gives, who sent it, when it expires and when (and by whom) it was used.
 * - `setup_tokens`: while no administrator exists, each server process that starts makes a random
 *   token, keeps its SHA-256 here and logs the set-up address; creating the first administrator
 *   deletes them all. No data-changed trigger: no page shows them.
 */
export class SiteSettingsAndInvitations1763900000021 implements MigrationInterface {
  name = 'SiteSettingsAndInvitations1763900000021';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE site_settings (
        id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        name text NOT NULL DEFAULT 'Commonplace',
        private boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('INSERT INTO site_settings (id) VALUES (1)');
    await db.query(
      `CREATE TRIGGER site_settings_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site_settings
       FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_data_changed()`,
    );
    await db.query(`
      CREATE TABLE invitations (
        token_hash text PRIMARY KEY,
        email text NOT NULL,
        role user_role NOT NULL DEFAULT 'participant',
        invited_by integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by integer REFERENCES users (id) ON DELETE SET NULL
      )`);
    await db.query('CREATE INDEX invitations_email ON invitations (lower(email))');
    await db.query(`
      CREATE TABLE setup_tokens (
        token_hash text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE setup_tokens');
    await db.query('DROP TABLE invitations');
    await db.query('DROP TABLE site_settings');
  }
}
