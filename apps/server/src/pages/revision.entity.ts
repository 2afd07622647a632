import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One saved state of a page's text. Immutable: a revert writes a new revision. */
@ObjectType('Revision')
@Entity('revisions')
export class Revision {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'page_id', type: 'int' })
  pageId!: number;

  @Field({ description: 'Markdown source' })
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'author_id', type: 'int' })
  authorId!: number;

  @Field({ description: 'The "about this update" note' })
  @Column({ type: 'text', default: '' })
  summary!: string;

  @Field(() => Int)
  @Column({ name: 'words_added', type: 'int', default: 0 })
  wordsAdded!: number;

  @Field(() => Int)
  @Column({ name: 'words_removed', type: 'int', default: 0 })
  wordsRemoved!: number;

  @Column({ name: 'base_revision_id', type: 'int', nullable: true })
  baseRevisionId!: number | null;

  @Column({ name: 'reverted_to_id', type: 'int', nullable: true })
  revertedToId!: number | null;

  /** The key the save was sent with, if any: a save sent again with it returns this revision. Not public. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
