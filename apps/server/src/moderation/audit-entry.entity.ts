import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One moderator (or administrator) act: who, what, to which thing, before, after, why, when. Append-only. */
@ObjectType('AuditEntry')
@Entity('audit_entries')
export class AuditEntry {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'actor_id', type: 'int' })
  actorId!: number;

  @Field({ description: 'What was done, e.g. recommendation.moved, star.removed, area.renamed' })
  @Column({ type: 'text' })
  action!: string;

  @Field({ description: 'The kind of thing acted on: area, recommendation, star, page, thread, reply, user' })
  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Field(() => Int)
  @Column({ name: 'subject_id', type: 'int' })
  subjectId!: number;

  /** The parts of the thing that changed, before and after (JSON; shown as text). */
  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Field()
  @Column({ type: 'text', default: '' })
  reason!: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
