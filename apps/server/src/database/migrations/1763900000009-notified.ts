import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When someone gets notifications, or reads them, PostgreSQL tells every server process on commit
 * (`commonplace_notified`, the recipients' ids, 500 to a message to stay under NOTIFY's 8,000
 * bytes), so each can update the unread count in the header of that person's open pages.
 */
export class Notified1763900000009 implements MigrationInterface {
  name = 'Notified1763900000009';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION commonplace_notify_notified() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        recipients text;
      BEGIN
        FOR recipients IN
          SELECT string_agg(id::text, ',') FROM (
            SELECT recipient_id AS id, (row_number() OVER (ORDER BY recipient_id) - 1) / 500 AS chunk
            FROM (SELECT DISTINCT recipient_id FROM changed_notifications) people
          ) numbered GROUP BY chunk
        LOOP
          PERFORM pg_notify('commonplace_notified', recipients);
        END LOOP;
        RETURN NULL;
      END $$;
      CREATE TRIGGER notifications_notified_insert AFTER INSERT ON notifications
        REFERENCING NEW TABLE AS changed_notifications FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_notified();
      CREATE TRIGGER notifications_notified_update AFTER UPDATE ON notifications
        REFERENCING NEW TABLE AS changed_notifications FOR EACH STATEMENT EXECUTE FUNCTION commonplace_notify_notified();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER notifications_notified_update ON notifications;
      DROP TRIGGER notifications_notified_insert ON notifications;
      DROP FUNCTION commonplace_notify_notified();
    `);
  }
}
