import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies received by email (issue 16, item 6): one row per message and reply address, keyed by
 * `message_key` (the Message-ID with the token, or lacking a Message-ID a hash of token and text),
 * so a message delivered twice, or to two listening processes, is handled once.
 *
 * - `outcome`: `posted` (with `reply_id`), or why it was refused (`expired`, `wrong-sender`, `empty`,
 *   `flood`, `locked`, `suspended` …), or `posted-without-attachments`.
 * - `reason`: what the email back says. No foreign key on `thread_id`: a refusal about a thread since
 *   removed is still recorded and answered.
 * - `body` keeps a refused reply's text only until the email back (which quotes it, so the words are
 *   not lost) has gone: `notified_at` set, `body` cleared.
 * - Counting a person's rows of the last hour bounds a flood (see EmailRepliesService).
 */
export class EmailReplies1763900000026 implements MigrationInterface {
  name = 'EmailReplies1763900000026';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE email_replies (
        message_key text PRIMARY KEY CHECK (char_length(message_key) <= 200),
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        thread_id integer NOT NULL,
        outcome text NOT NULL,
        reason text,
        reply_id integer REFERENCES replies (id) ON DELETE SET NULL,
        body text,
        received_at timestamptz NOT NULL DEFAULT now(),
        notified_at timestamptz
      )`);
    await db.query('CREATE INDEX email_replies_user_recent ON email_replies (user_id, received_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE email_replies');
  }
}
