import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { compareWords, countWords } from '@commonplace/word-diff';
import { DataSource } from 'typeorm';
import { DiffPartKind } from '../common/diff-part.model';
import { ReplyVersion } from './reply-versions.models';
import { Reply } from './reply.entity';

/**
 * Every text a reply has had, so "edited 2 times" can be checked: `reply_edits` keeps each text an
 * edit replaced, with the time of that edit; the reply row holds the current text.
 */
@Injectable()
export class ReplyVersionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async versions(reply: Reply): Promise<ReplyVersion[]> {
    if (reply.body === null || reply.deletedAt) return [];
    const edits: { previous_body: string | null; edited_at: Date }[] = await this.dataSource.query(
      'SELECT previous_body, edited_at FROM reply_edits WHERE reply_id = $1 ORDER BY edited_at, id',
      [reply.id],
    );
    // Version n was written when edit n-1 was made (version 1 when the reply was posted).
    const texts = [...edits.map((edit) => edit.previous_body ?? ''), reply.body];
    const writtenAt = [reply.createdAt, ...edits.map((edit) => edit.edited_at)];
    return texts.map((text, index) => {
      const { parts, wordByWord } = index === 0 ? { parts: [{ kind: 'same' as const, text }], wordByWord: true } : compareWords(texts[index - 1], text);
      let wordsAdded = 0;
      let wordsRemoved = 0;
      for (const part of parts) {
        if (part.kind === 'added') wordsAdded += countWords(part.text);
        else if (part.kind === 'removed') wordsRemoved += countWords(part.text);
      }
      return {
        number: index + 1,
        body: text,
        writtenAt: writtenAt[index],
        current: index === texts.length - 1,
        wordsAdded,
        wordsRemoved,
        wordByWord,
        changes: parts.map((part) => ({ kind: part.kind as DiffPartKind, text: part.text })),
      };
    });
  }
}
