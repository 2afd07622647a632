import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ChangeKind {
  /** A new revision of the page's text. */
  Revision = 'revision',
  /** One or more recommendations marked as realistic mechanisms. */
  Stars = 'stars',
}
registerEnumType(ChangeKind, { name: 'ChangeKind' });

/** What a change did, in numbers, for the "Latest page update" line and history. */
export interface ChangeDetails {
  recommendationIds?: number[];
}

/**
 * One entry in a page's timeline: a text revision or a change to the recommendations it shows.
 * One timeline feeds "Latest page update", history, recent changes and feeds.
 */
@ObjectType('Change')
@Entity('changes')
export class Change {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'page_id', type: 'int', nullable: true })
  pageId!: number | null;

  @Field(() => ChangeKind)
  @Column({ type: 'text' })
  kind!: ChangeKind;

  @Column({ name: 'actor_id', type: 'int' })
  actorId!: number;

  @Field({ description: 'The "about this update" note' })
  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'revision_id', type: 'int', nullable: true })
  revisionId!: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: ChangeDetails;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
