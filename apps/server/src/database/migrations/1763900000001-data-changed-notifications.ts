import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows the pages show. A table added later that pages show needs the trigger too. */
export const TABLES_PAGES_SHOW = ['users', 'areas', 'recommendations', 'stars', 'pages', 'revisions', 'changes', 'threads', 'replies'];

/**
 * After any committed change to what pages show, PostgreSQL notifies every server process
 * (`commonplace_data_changed`), so each can drop its cached reads (see DataVersion). NOTIFY is
 * delivered only on commit, so a process never learns of a change before the data is visible.
 */
export class DataChangedNotifications1763900000001 implements MigrationInterface {
  name = 'DataChangedNotifications1763900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION commonplace_notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('commonplace_data_changed', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
    `);
    for (const table of TABLES_PAGES_SHOW) {
      await db.query(
        `CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_data_changed()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TABLES_PAGES_SHOW) await db.query(`DROP TRIGGER ${table}_data_changed ON ${table}`);
    await db.query('DROP FUNCTION commonplace_notify_data_changed()');
  }
}
