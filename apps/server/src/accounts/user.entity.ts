import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ColourScheme as ColourSchemeValue } from '@commonplace/load-context';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum UserRole {
  Participant = 'participant',
  Moderator = 'moderator',
  Admin = 'admin',
}
registerEnumType(UserRole, { name: 'UserRole' });

/** The reader's colour scheme, as "Display settings" offers it (values as the web client's cookie holds them). */
export enum ColourScheme {
  System = 'system',
  Light = 'light',
  Dark = 'dark',
}
registerEnumType(ColourScheme, { name: 'ColourScheme', description: "Light or dark pages: the reader's system's choice, or one of the two whatever it says" });

/** A person with an account. Seeded people have no password until an administrator sets one. */
@ObjectType('User')
@Entity('users')
export class User {
  @Field(() => Int)
  @PrimaryGeneratedColumn()
  id!: number;

  @Field()
  @Column({ type: 'text' })
  username!: string;

  @Field()
  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Field(() => UserRole)
  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role', default: UserRole.Participant })
  role!: UserRole;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** argon2id; null until the person (or an administrator) sets a password, so they cannot sign in. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  /** Only for notifications; never shown to others. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** When the person followed the confirmation link sent to `email`; null while it is unconfirmed. */
  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true })
  emailConfirmedAt!: Date | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'suspended_reason', type: 'text', nullable: true })
  suspendedReason!: string | null;

  /** "Pause live updates", for this person wherever they sign in; only they read it (`viewerLiveUpdatesPaused`). */
  @Column({ name: 'live_updates_paused', type: 'boolean', default: false })
  liveUpdatesPaused!: boolean;

  /** "Display settings": the colour scheme this person's pages are drawn in, wherever they sign in. */
  @Column({ name: 'colour_scheme', type: 'text', default: ColourScheme.System })
  colourScheme!: ColourSchemeValue;

  /** When the person deleted their account; the row stays only so that their posts keep an author ("a former participant"). */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
  /** When two-step sign-in was turned on (its secret is in two_step_secrets); null while it is off. */
  @Column({ name: 'two_step_enabled_at', type: 'timestamptz', nullable: true })
  twoStepEnabledAt!: Date | null;
}
