import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reply its author deleted keeps no text: deleting now clears `body` and removes its earlier
 * texts from `reply_edits` (PostingService.deleteReply). This clears the replies deleted before
 * that, so search (whose vector is generated from `body`) and every other read lose their words.
 * There is nothing to bring back on the way down.
 */
export class DeletedReplyText1763900000011 implements MigrationInterface {
  name = 'DeletedReplyText1763900000011';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DELETE FROM reply_edits WHERE reply_id IN (SELECT id FROM replies WHERE deleted_at IS NOT NULL)');
    await db.query('UPDATE replies SET body = NULL WHERE deleted_at IS NOT NULL AND body IS NOT NULL');
  }

  async down(): Promise<void> {
    // The words are gone on purpose.
  }
}
