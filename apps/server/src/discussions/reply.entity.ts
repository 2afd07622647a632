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
}
