import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A post in a thread, answering the opening post (no parent) or another reply. */
@ObjectType('Reply')
@Entity('replies')
export class Reply {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'thread_id', type: 'int' })
  threadId!: number;

  @Column({ name: 'parent_reply_id', type: 'int', nullable: true })
  parentReplyId!: number | null;

  @Column({ name: 'author_id', type: 'int' })
  authorId!: number;

  /** Null when the text was not kept (an imported reply whose text the 2008 capture lost). */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** How deep it nests: 1 answers the opening post; set by the database from the parent. */
  @Field(() => Int, { description: '1 for a reply to the opening post, 2 for a reply to such a reply, and so on' })
  @Column({ type: 'smallint', default: 1, insert: false, update: false })
  depth!: number;

  @Field(() => Date, { nullable: true, description: 'When the author last edited it' })
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Field(() => Int, { description: 'How many times the author edited it' })
  @Column({ name: 'edit_count', type: 'int', default: 0 })
  editCount!: number;

  @Field(() => Date, { nullable: true, description: 'When its author deleted it (its place in the thread is kept)' })
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** The key a client sent with it, so that a retried post makes no second reply. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** Set by a moderator (see the moderation module): the reply keeps its place, its text is shown only to moderators. */
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt!: Date | null;

  @Column({ name: 'hidden_by_id', type: 'int', nullable: true })
  hiddenById!: number | null;

  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason!: string | null;
}
