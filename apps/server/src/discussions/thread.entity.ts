import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A discussion on a page, or on one recommendation; `body` is its opening post. */
@ObjectType('Thread')
@Entity('threads')
export class Thread {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'page_id', type: 'int' })
  pageId!: number;

  @Column({ name: 'recommendation_id', type: 'int', nullable: true })
  recommendationId!: number | null;

  /** In GraphQL through ThreadsResolver.subject: null for most readers once hidden. */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'starter_id', type: 'int' })
  starterId!: number;

  /** In GraphQL through ThreadsResolver.tags. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set by a moderator: no new replies. */
  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  /** Set by a moderator: listed first. */
  @Column({ name: 'pinned_at', type: 'timestamptz', nullable: true })
  pinnedAt!: Date | null;

  /** Set by a moderator (see the moderation module): the thread keeps its place, its text is shown only to moderators. */
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt!: Date | null;

  @Column({ name: 'hidden_by_id', type: 'int', nullable: true })
  hiddenById!: number | null;

  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason!: string | null;
}
