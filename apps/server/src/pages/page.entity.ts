import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A wiki page. Its text lives in revisions; `currentRevisionId` names the one shown. */
@ObjectType('Page')
@Entity('pages')
export class Page {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Field()
  @Column({ type: 'text', unique: true })
  slug!: string;

  @Field()
  @Column({ type: 'text' })
  title!: string;

  @Field()
  @Column({ type: 'boolean', default: false })
  featured!: boolean;

  @Field(() => [String], { description: 'Keyword tags' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'area_id', type: 'int', nullable: true })
  areaId!: number | null;

  @Column({ name: 'current_revision_id', type: 'int', nullable: true })
  currentRevisionId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When a moderator deleted the page; null while it is shown' })
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by_id', type: 'int', nullable: true })
  deletedById!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the page was deleted' })
  @Column({ name: 'deleted_reason', type: 'text', nullable: true })
  deletedReason!: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
