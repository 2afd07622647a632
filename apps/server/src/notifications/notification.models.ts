import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';
import { User } from '../accounts/user.entity';
import { PageInfo } from '../common/connection';

export enum NotificationKind {
  Reply = 'reply',
  NewThread = 'new-thread',
  PageEdit = 'page-edit',
  Mention = 'mention',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What happened: a reply in a thread, a new thread, an edit of a page, or a post that mentions the person (@username)',
});

export enum EmailFrequency {
  Immediately = 'immediately',
  Daily = 'daily',
  Never = 'never',
}
registerEnumType(EmailFrequency, { name: 'EmailFrequency', description: 'How often notifications are emailed as a digest (only when the site can send email)' });

/** What a watch names: exactly one of a thread, a page (by slug) or an area. */
@InputType()
export class WatchInput {
  @Field(() => Int, { nullable: true }) threadId?: number | null;
  @Field(() => String, { nullable: true }) pageSlug?: string | null;
  @Field(() => Int, { nullable: true }) areaId?: number | null;
}

@ObjectType('WatchPayload')
export class WatchPayload {
  @Field({ description: 'Whether the viewer now watches it' }) watching!: boolean;
  @Field(() => [UserError]) errors!: UserError[];
}

/** Something that happened in what a person watches, told to them once. */
@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => User, { description: 'Who did it' }) actor!: User;
  @Field(() => Int, { nullable: true }) threadId!: number | null;
  @Field(() => String, { nullable: true, description: 'The subject of the thread it happened in' }) threadSubject!: string | null;
  @Field(() => Int, { nullable: true }) replyId!: number | null;
  @Field(() => String, { nullable: true }) pageSlug!: string | null;
  @Field(() => String, { nullable: true }) pageTitle!: string | null;
  @Field(() => Int, { nullable: true }) revisionId!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
  @Field({ description: 'Not yet marked as read' }) unread!: boolean;
}

@ObjectType('NotificationEdge')
export class NotificationEdge {
  @Field() cursor!: string;
  @Field(() => NotificationModel) node!: NotificationModel;
}

/** The viewer's notifications, newest first. */
@ObjectType('NotificationConnection')
export class NotificationConnection {
  @Field(() => [NotificationEdge]) edges!: NotificationEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => Int) unreadCount!: number;
}

@InputType()
export class MarkNotificationReadInput {
  @Field(() => ID) notificationId!: string;
}

@ObjectType('NotificationsReadPayload')
export class NotificationsReadPayload {
  @Field(() => Int, { description: 'How many of the viewer’s notifications are still unread' }) unreadCount!: number;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('NotificationSettings')
export class NotificationSettings {
  @Field({ description: 'Starting a thread or replying watches the thread' }) autoWatch!: boolean;
  @Field(() => EmailFrequency) emailFrequency!: EmailFrequency;
  @Field({ description: 'Whether this site sends email at all (SMTP_URL is set)' }) emailAvailable!: boolean;
  @Field({ description: 'Whether the viewer has a confirmed email address to send to' }) hasEmail!: boolean;
  @Field({ description: '"Pause live updates": new replies and threads are not announced or offered until resumed' }) pauseLiveUpdates!: boolean;
}

@InputType()
export class UpdateNotificationSettingsInput {
  @Field(() => Boolean, { nullable: true }) autoWatch?: boolean | null;
  @Field(() => EmailFrequency, { nullable: true }) emailFrequency?: EmailFrequency | null;
  @Field(() => Boolean, { nullable: true }) pauseLiveUpdates?: boolean | null;
}

@ObjectType('NotificationSettingsPayload')
export class NotificationSettingsPayload {
  @Field(() => NotificationSettings, { nullable: true }) settings!: NotificationSettings | null;
  @Field(() => [UserError]) errors!: UserError[];
}
