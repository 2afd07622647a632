import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns of `users` that no page shows (migration PeoplePrivateChanges), now with the colour scheme. */
const PRIVATE_COLUMNS = ['password_hash', 'email', 'auto_watch', 'email_frequency', 'notifications_emailed_at', 'live_updates_paused', 'colour_scheme'];

/**
 * "Display settings": a person's colour scheme, kept on the account so it follows them to every
 * browser they sign in with. No page shows it to anyone else, so changing it is a private change
 * (announced as `users:`, dropping no cached page view).
 */
export class ColourScheme1763900000016 implements MigrationInterface {
  name = 'ColourScheme1763900000016';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN colour_scheme text NOT NULL DEFAULT 'system' CHECK (colour_scheme IN ('system', 'light', 'dark'))`);
    await replacePeopleChangedFunction(db, PRIVATE_COLUMNS);
  }

  async down(db: QueryRunner): Promise<void> {
    await replacePeopleChangedFunction(db, PRIVATE_COLUMNS.filter((column) => column !== 'colour_scheme'));
    await db.query('ALTER TABLE users DROP COLUMN colour_scheme');
  }
}

/** The same function as PeoplePrivateChanges made, with another list of private columns. */
async function replacePeopleChangedFunction(db: QueryRunner, columns: string[]): Promise<void> {
  const privateColumns = `ARRAY[${columns.map((column) => `'${column}'`).join(', ')}]`;
  await db.query(`
    CREATE OR REPLACE FUNCTION commonplace_notify_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
      IF EXISTS (
        SELECT 1 FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
        WHERE o.id IS NULL OR to_jsonb(n) - ${privateColumns} IS DISTINCT FROM to_jsonb(o) - ${privateColumns}
      ) THEN
        PERFORM pg_notify('commonplace_data_changed', 'users');
      ELSE
        PERFORM pg_notify('commonplace_data_changed', 'users:');
      END IF;
      RETURN NULL;
    END $$;
  `);
}
