import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { User, UserRole } from './user.entity';

/** A problem with what the person typed or asked for: shown at the field, or above the form when `field` is null. */
@ObjectType('UserError')
export class UserError {
  @Field(() => String, { nullable: true, description: 'The input field the message belongs to' })
  field!: string | null;

  @Field()
  message!: string;

  @Field({ description: 'A stable code for clients, e.g. USERNAME_TAKEN, WRONG_PASSWORD' })
  code!: string;
}

@ObjectType('AccountPayload')
export class AccountPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType()
export class RegisterInput {
  @Field() username!: string;
  @Field() displayName!: string;
  @Field() password!: string;
  @Field(() => String, { nullable: true, description: 'Optional; only for notifications' }) email?: string | null;
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

export function failure(field: string | null, code: string, message: string): AccountPayload {
  return { user: null, errors: [{ field, code, message }] };
}

export function success(user: User): AccountPayload {
  return { user, errors: [] };
}
