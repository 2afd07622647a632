import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person's mark that a recommendation is a "simple, realistic mechanism", with their reason. */
@ObjectType('Star')
@Entity('stars')
export class Star {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'recommendation_id', type: 'int' })
  recommendationId!: number;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @Field()
  @Column({ type: 'text' })
  reason!: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
