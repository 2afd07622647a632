import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns of `users` that no page shows: a person's own settings and secrets. The notification
 * mailer stamps `notifications_emailed_at` after every digest, and a person changes their settings
 * or password far more often than their name; announced as site-wide changes (ScopedDataChanges),
 * each would drop every cached page view on every process.
 */
const PRIVATE_COLUMNS = ['password_hash', 'email', 'auto_watch', 'email_frequency', 'notifications_emailed_at', 'live_updates_paused'];

/**
 * A change to people that no page shows is announced as `users:` (a change concerning no page):
 * reads that concern only some pages (page views, their thread lists, pages kept for people signed
 * out) stay current, every other read (account settings, lists of people) is dropped. That covers a
 * new person (on no page until they write something, which is a change to the page) and an update of
 * private columns only. Any other change to people — a name, a role, a suspension, a column added
 * later and not listed above — stays site-wide, so a mistake here costs cache hits, never a stale page.
 */
export class PeoplePrivateChanges1763900000014 implements MigrationInterface {
  name = 'PeoplePrivateChanges1763900000014';

  async up(db: QueryRunner): Promise<void> {
    const privateColumns = `ARRAY[${PRIVATE_COLUMNS.map((column) => `'${column}'`).join(', ')}]`;
    await db.query(`
      CREATE FUNCTION commonplace_notify_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
        -- A row whose id changed has no old self to compare with: site-wide.
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
    // An INSERT trigger has no old_rows to name, so adding people has a function of its own.
    await db.query(`
      CREATE FUNCTION commonplace_notify_people_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows) THEN PERFORM pg_notify('commonplace_data_changed', 'users:'); END IF;
        RETURN NULL;
      END $$;
    `);
    await db.query(`
      DROP TRIGGER users_inserted ON users; DROP TRIGGER users_updated ON users;
      CREATE TRIGGER users_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_people_added();
      CREATE TRIGGER users_updated AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_people_changed();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER users_inserted ON users; DROP TRIGGER users_updated ON users;
      CREATE TRIGGER users_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_pages_changed();
      CREATE TRIGGER users_updated AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_pages_changed();
      DROP FUNCTION commonplace_notify_people_changed(); DROP FUNCTION commonplace_notify_people_added();
    `);
  }
}
