import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far each signed-in person has read each thread, and which sub-threads they folded (issue 16).
 *
 * - `thread_reads`: one row per person and thread they opened (or marked read). Replies with an id
 *   above `last_read_reply_id` (ids grow in posting order), by someone else, not deleted or hidden,
 *   are unread to them. No row: they never opened it, so every such reply is unread.
 * - `reply_folds`: the replies whose answers a person folded away ("Hide the 4 replies to …").
 *
 * Neither table has the data-changed trigger: no page shows one person's reading to anyone else,
 * and a trigger would drop cached pages on every thread view. The fields that read these tables
 * mark the request personal instead, so no result holding them is kept in the read cache
 * (GraphqlExecutor), and pages kept for people signed out never hold them (FinishedPages).
 */
export class ThreadReading1763900000024 implements MigrationInterface {
  name = 'ThreadReading1763900000024';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE thread_reads (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        thread_id integer NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        last_read_reply_id integer NOT NULL DEFAULT 0,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, thread_id)
      )`);
    await db.query('CREATE INDEX thread_reads_thread ON thread_reads (thread_id)');
    await db.query(`
      CREATE TABLE reply_folds (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        reply_id integer NOT NULL REFERENCES replies (id) ON DELETE CASCADE,
        thread_id integer NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, reply_id)
      )`);
    await db.query('CREATE INDEX reply_folds_thread ON reply_folds (user_id, thread_id)');
    await db.query('CREATE INDEX reply_folds_reply ON reply_folds (reply_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reply_folds');
    await db.query('DROP TABLE thread_reads');
  }
}
