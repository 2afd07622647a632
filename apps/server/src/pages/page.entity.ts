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

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
