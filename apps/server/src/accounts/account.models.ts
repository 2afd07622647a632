import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/connection';
import { UserError, type UserErrorCode } from '../common/user-error';
import { ColourScheme, User, UserRole } from './user.entity';

@ObjectType('AccountPayload')
export class AccountPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

/** One person in the administrators' list. */
@ObjectType('UserEdge')
export class UserEdge {
  @Field() cursor!: string;
  @Field(() => User) node!: User;
}

/** Everyone with an account, by username, a page at a time. */
@ObjectType('UserConnection')
export class UserConnection {
  @Field(() => [UserEdge]) edges!: UserEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many people have an account' }) totalCount!: number;
}

/** What "Display settings" saved: the scheme now kept on the account. */
@ObjectType('ColourSchemePayload')
export class ColourSchemePayload {
  @Field(() => ColourScheme, { nullable: true })
  colourScheme!: ColourScheme | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class RegisterInput {
  @Field() username!: string;
  @Field() displayName!: string;
  @Field() password!: string;
  @Field(() => String, { nullable: true, description: 'Optional; only for notifications' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'The token of an invitation link: the account gets its address (already confirmed) and role. Needed on a private site.' })
  invitationToken?: string | null;
}

@InputType()
export class SignInInput {
  @Field() username!: string;
  @Field() password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field() currentPassword!: string;
  @Field() newPassword!: string;
}

@InputType()
export class SetUserPasswordInput {
  @Field() username!: string;
  @Field() newPassword!: string;
}

@InputType()
export class ChangeUserRoleInput {
  @Field() username!: string;
  @Field(() => UserRole) role!: UserRole;
}

@InputType()
export class SuspendUserInput {
  @Field() username!: string;
  @Field() reason!: string;
}

@InputType()
export class RestoreUserInput {
  @Field() username!: string;
}

@InputType()
export class DeleteAccountInput {
  @Field({ description: "The person's password, to confirm it is them" }) password!: string;
}

@ObjectType()
export class DeleteAccountPayload {
  @Field({ description: 'True when the account is deleted and this session has ended' })
  deleted!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

export function failure(field: string | null, code: UserErrorCode, message: string): AccountPayload {
  return { user: null, errors: [{ field, code, message }] };
}

export function success(user: User): AccountPayload {
  return { user, errors: [] };
}

export enum EmailLinkStatus {
  Valid = 'Valid',
  Invalid = 'Invalid',
  Expired = 'Expired',
  Used = 'Used',
}
registerEnumType(EmailLinkStatus, { name: 'EmailLinkStatus', description: 'What a link sent by email (password reset, address confirmation) is good for' });

@ObjectType('PasswordResetLink')
export class PasswordResetLink {
  @Field(() => EmailLinkStatus)
  status!: EmailLinkStatus;

  @Field(() => String, { nullable: true, description: 'Whose password the link resets; only while it is valid' })
  username!: string | null;
}

@InputType()
export class RequestPasswordResetInput {
  @Field() usernameOrEmail!: string;
}

@ObjectType('RequestPasswordResetPayload')
export class RequestPasswordResetPayload {
  @Field(() => [UserError], { description: 'Empty whether or not an account matched' })
  errors!: UserError[];
}

@InputType()
export class ResetPasswordInput {
  @Field() token!: string;
  @Field() newPassword!: string;
}

@ObjectType('EmailConfirmationLink')
export class EmailConfirmationLink {
  @Field(() => EmailLinkStatus)
  status!: EmailLinkStatus;

  @Field(() => String, { nullable: true, description: 'The address the link confirms; only while it is valid' })
  email!: string | null;
}

@InputType()
export class ChangeEmailInput {
  @Field({ description: 'The new address; empty to remove it' }) email!: string;
  @Field() currentPassword!: string;
}

@InputType()
export class ConfirmEmailInput {
  @Field() token!: string;
}

@ObjectType('ConfirmEmailPayload')
export class ConfirmEmailPayload {
  @Field(() => String, { nullable: true, description: 'The address now confirmed' })
  email!: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class InvitePeopleInput {
  @Field({ description: 'One email address a line (commas and semicolons also separate them)' }) emails!: string;
  @Field(() => UserRole, { defaultValue: UserRole.Participant, description: 'The role the new accounts get' }) role!: UserRole;
}

@ObjectType('InvitePeoplePayload')
export class InvitePeoplePayload {
  @Field(() => [String], { description: 'The addresses an invitation is being mailed to' })
  invited!: string[];

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType('PendingInvitation')
export class PendingInvitation {
  @Field({ description: 'Names the invitation for cancelInvitation: the SHA-256 kept of its token (not the token, which only the email has)' })
  id!: string;

  @Field() email!: string;

  @Field(() => UserRole) role!: UserRole;

  @Field(() => String, { nullable: true, description: 'The display name of the administrator who invited; null if their account is gone' })
  invitedBy!: string | null;

  @Field() createdAt!: Date;

  @Field() expiresAt!: Date;
}

@InputType()
export class CancelInvitationInput {
  @Field() id!: string;
}

@ObjectType('CancelInvitationPayload')
export class CancelInvitationPayload {
  @Field({ description: 'Whether an unused invitation was cancelled' })
  cancelled!: boolean;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType('InvitationLink')
export class InvitationLink {
  @Field(() => EmailLinkStatus)
  status!: EmailLinkStatus;

  @Field(() => String, { nullable: true, description: 'The address the account will have; only while the link is valid' })
  email!: string | null;

  @Field(() => UserRole, { nullable: true, description: 'The role the account will have; only while the link is valid' })
  role!: UserRole | null;
}

@InputType()
export class SetUpSiteInput {
  @Field({ description: 'The token in the set-up address the server logged' }) token!: string;
  @Field() siteName!: string;
  @Field() private!: boolean;
  @Field() username!: string;
  @Field() password!: string;
  @Field(() => String, { nullable: true, description: 'Optional' }) email?: string | null;
}
