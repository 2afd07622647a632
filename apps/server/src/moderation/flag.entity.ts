import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A participant's report that a thread's opening post or a reply needs a moderator, and why. */
@ObjectType('Flag')
@Entity('flags')
export class Flag {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'reporter_id', type: 'int' })
  reporterId!: number;

  @Column({ name: 'thread_id', type: 'int', nullable: true })
  threadId!: number | null;

  @Column({ name: 'reply_id', type: 'int', nullable: true })
  replyId!: number | null;

  @Field({ description: 'Why the reporter thinks a moderator should look' })
  @Column({ type: 'text' })
  reason!: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by_id', type: 'int', nullable: true })
  resolvedById!: number | null;

  /** hidden | dismissed */
  @Column({ type: 'text', nullable: true })
  resolution!: string | null;
}
