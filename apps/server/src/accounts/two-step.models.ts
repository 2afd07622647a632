import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';
import { AccountPayload } from './account.models';

/** signIn's answer: AccountPayload, and whether a code is needed before the person is signed in. */
@ObjectType('SignInPayload')
export class SignInPayload extends AccountPayload {
  @Field({ description: 'The password was right and the account has two-step sign-in: send completeSignIn a code (no session yet)' })
  twoStepRequired!: boolean;
}

/** Two-step sign-in being set up: what the person's app needs. Only for the person, only until confirmed. */
@ObjectType('TwoStepSetup')
export class TwoStepSetup {
  @Field({ description: 'The secret in base32, in groups of four, for typing into an app by hand (and for screen readers)' })
  secret!: string;

  @Field({ description: 'The otpauth:// address the QR code holds' })
  uri!: string;

  @Field({ description: 'The QR code of `uri`, as a PNG data URL (show `secret` beside it: a screen reader cannot read it)' })
  qrCode!: string;
}

@ObjectType('TwoStepSetupPayload')
export class TwoStepSetupPayload {
  @Field(() => TwoStepSetup, { nullable: true }) setup!: TwoStepSetup | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@InputType()
export class ConfirmTwoStepInput {
  @Field({ description: 'A code the app shows now' }) code!: string;
}

@ObjectType('ConfirmTwoStepPayload')
export class ConfirmTwoStepPayload {
  @Field(() => [String], { description: 'One-time recovery codes: shown this once, kept only hashed' }) recoveryCodes!: string[];
  @Field(() => [UserError]) errors!: UserError[];
}

@InputType()
export class TurnOffTwoStepInput {
  @Field() currentPassword!: string;
}

@InputType()
export class ResetTwoStepInput {
  @Field() username!: string;
  @Field({ description: 'Why, for the moderation log (e.g. "lost phone; identity checked in person")' }) reason!: string;
}

@InputType()
export class CompleteSignInInput {
  @Field({ description: 'Six digits from the app, or a recovery code' }) code!: string;
}

/** A payload with nothing but its errors. */
@ObjectType('TwoStepPayload')
export class TwoStepPayload {
  @Field(() => [UserError]) errors!: UserError[];
}

/** One signed-in browser, for the account page. */
@ObjectType('SignedInBrowser')
export class SignedInBrowser {
  @Field({ description: 'The browser and system, from its User-Agent when it signed in, e.g. "Firefox on Linux"' }) browser!: string;
  @Field() createdAt!: Date;
  @Field() lastSeenAt!: Date;
  @Field({ description: 'Whether this is the browser asking' }) current!: boolean;
}

@ObjectType('SignOutEverywhereElsePayload')
export class SignOutEverywhereElsePayload {
  @Field(() => Int, { description: 'How many other sessions ended' }) ended!: number;
  @Field(() => [UserError]) errors!: UserError[];
}
