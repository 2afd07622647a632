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
  /** A person withdrew their own mark. */
  StarWithdrawn = 'star_withdrawn',
  /** A moderator removed someone's mark, with a reason. */
  StarRemoved = 'star_removed',
  /** A participant proposed a new recommendation in an area. */
  RecommendationProposed = 'recommendation_proposed',
  /** A moderator changed a recommendation's words, with a reason. */
  RecommendationReworded = 'recommendation_reworded',
  /** A moderator moved a recommendation to another area. */
  RecommendationMoved = 'recommendation_moved',
  /** A moderator changed the order of recommendations within an area. */
  RecommendationReordered = 'recommendation_reordered',
  /** A moderator merged one recommendation into another (its stars, threads and history moved). */
  RecommendationsMerged = 'recommendations_merged',
  /** A moderator archived a recommendation (hidden from lists, still reachable). */
  RecommendationArchived = 'recommendation_archived',
  /** A moderator brought an archived recommendation back. */
  RecommendationRestored = 'recommendation_restored',
  /** A moderator created, renamed, described, reordered, archived or restored an area. */
  AreaChanged = 'area_changed',
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

  /** For curation: the recommendation the change is about (its history lists it). */
  @Column({ name: 'recommendation_id', type: 'int', nullable: true })
  recommendationId!: number | null;

  /** For curation: the area the change is about. */
  @Column({ name: 'area_id', type: 'int', nullable: true })
  areaId!: number | null;

  @Column({ name: 'revision_id', type: 'int', nullable: true })
  revisionId!: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: ChangeDetails;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
