import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum RecommendationStatus {
  Active = 'active',
  Archived = 'archived',
  Merged = 'merged',
}
registerEnumType(RecommendationStatus, { name: 'RecommendationStatus' });

/** One bullet under an area: a record of its own so it can be starred, discussed, moved and linked. */
@ObjectType('Recommendation')
@Entity('recommendations')
export class Recommendation {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => Int)
  @Column({ name: 'area_id', type: 'int' })
  areaId!: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  position!: number;

  @Field()
  @Column({ type: 'text' })
  text!: string;

  @Field(() => RecommendationStatus)
  @Column({ type: 'text', default: RecommendationStatus.Active })
  status!: RecommendationStatus;

  @Column({ name: 'merged_into_id', type: 'int', nullable: true })
  mergedIntoId!: number | null;

  /** Who proposed it; null for the masterclass's own list. */
  @Column({ name: 'proposed_by_id', type: 'int', nullable: true })
  proposedById!: number | null;

  /** When a moderator saw a proposal; null while it is new. */
  @Field(() => Date, { nullable: true, description: 'When a moderator marked the proposal as seen; null while it is new' })
  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true })
  seenAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
