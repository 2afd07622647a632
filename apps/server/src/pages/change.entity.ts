import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeDetails } from './change-details.model';

export type { ChangeDetails };

export enum ChangeKind {
  /** The page was created: its first revision. */
  Created = 'created',
  /** A new revision of the page's text (an edit, a merged edit or a revert). */
  Revision = 'revision',
  /** The page's title, and so its slug, changed; the old slug redirects. */
  Renamed = 'renamed',
  /** A moderator hid the page (soft deletion). */
  Deleted = 'deleted',
  /** A moderator brought a deleted page back. */
  Restored = 'restored',
  /** A moderator featured the page, or stopped featuring it. */
  Featured = 'featured',
  /** One or more recommendations marked as realistic mechanisms. */
  Stars = 'stars',
}
registerEnumType(ChangeKind, { name: 'ChangeKind' });

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
