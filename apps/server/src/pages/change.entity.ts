import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

/** What a change did, beyond its kind, for the "Latest page update" line, history and recent changes. */
@ObjectType('ChangeDetails')
export class ChangeDetails {
  @Field(() => [Int], { nullable: true }) recommendationIds?: number[];
  /** Renamed: the title and slug before and after. */
  @Field(() => String, { nullable: true }) fromTitle?: string;
  @Field(() => String, { nullable: true }) toTitle?: string;
  @Field(() => String, { nullable: true }) fromSlug?: string;
  @Field(() => String, { nullable: true }) toSlug?: string;
  @Field(() => Boolean, { nullable: true, description: 'Revision: the edit was merged with others saved since it started' })
  merged?: boolean;
  @Field(() => Int, { nullable: true, description: 'Revision: the revision a revert went back to' })
  revertedToRevisionId?: number;
  @Field(() => Boolean, { nullable: true, description: 'Featured: whether the page is featured after the change' })
  featured?: boolean;
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

  @Field(() => ChangeDetails)
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: ChangeDetails;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
