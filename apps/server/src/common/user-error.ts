import { Field, ObjectType } from '@nestjs/graphql';

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

/** Whether a service's answer is a user error rather than what was asked for. */
export function isUserError(value: object): value is UserError {
  return 'code' in value && 'message' in value;
}
