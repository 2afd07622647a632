import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import type { RequestContext } from '../graphql/request-context';
import { Access, Allow, mustSetUpTwoStep, twoStepRequiredForStaff } from './access';
import { AccountPayload } from './account.models';
import { AccountsService } from './accounts.service';
import {
  CompleteSignInInput,
  ConfirmTwoStepInput,
  ConfirmTwoStepPayload,
  ResetTwoStepInput,
  SignedInBrowser,
  SignOutEverywhereElsePayload,
  TurnOffTwoStepInput,
  TwoStepPayload,
  TwoStepSetup,
  TwoStepSetupPayload,
} from './two-step.models';
import { TwoStepService } from './two-step.service';
import { User, UserRole } from './user.entity';

const MINUTE = 60_000;

/**
 * Two-step sign-in and the account page's list of signed-in browsers. The set-up mutations are open
 * to suspended people and to moderators who must set it up first (SignedInEvenIfSuspended): turning
 * it on is what such a moderator is sent to do, and it gives no one any power.
 */
@Resolver(() => User)
export class TwoStepResolver {
  constructor(
    private readonly twoStep: TwoStepService,
    private readonly accounts: AccountsService,
  ) {}

  @Query(() => Boolean, { description: 'Whether this site requires two-step sign-in of moderators and administrators (REQUIRE_TWO_STEP_FOR_STAFF).' })
  twoStepRequiredForStaff(): boolean {
    return twoStepRequiredForStaff();
  }

  // Open on a private site too: the code step comes before the person is signed in.
  @Allow(Access.Public)
  @Query(() => Boolean, { description: 'Whether this browser has a pending sign-in waiting for a two-step code.' })
  pendingSignIn(@Context() context: RequestContext): Promise<boolean> {
    return this.twoStep.hasPending(context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Query(() => TwoStepSetup, { nullable: true, description: "The viewer's two-step set-up under way (secret, QR code); null when none is." })
  twoStepSetup(@Context() context: RequestContext): Promise<TwoStepSetup | null> {
    return this.twoStep.pendingSetup(context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Query(() => [SignedInBrowser], { description: "The viewer's signed-in browsers, the most recently seen first (at most 50)." })
  viewerSessions(@Context() context: RequestContext): Promise<SignedInBrowser[]> {
    return this.accounts.signedInBrowsers(context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => TwoStepSetupPayload, { description: 'Starts setting up two-step sign-in: a new secret, not in use until confirmTwoStep.' })
  beginTwoStepSetup(@Context() context: RequestContext): Promise<TwoStepSetupPayload> {
    return this.twoStep.beginSetup(context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => ConfirmTwoStepPayload, { description: 'A code from the app turns two-step sign-in on; answers the recovery codes, this once.' })
  confirmTwoStep(@Args('input') input: ConfirmTwoStepInput, @Context() context: RequestContext): Promise<ConfirmTwoStepPayload> {
    return this.twoStep.confirmSetup(input.code, context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => TwoStepPayload, { description: 'Turns two-step sign-in off (needs the current password).' })
  turnOffTwoStep(@Args('input') input: TurnOffTwoStepInput, @Context() context: RequestContext): Promise<TwoStepPayload> {
    return this.twoStep.turnOff(input.currentPassword, context);
  }

  @Allow(Access.Admin)
  @Mutation(() => TwoStepPayload, { description: "Turns someone's two-step sign-in off (a lost phone); recorded in the moderation log." })
  async resetTwoStep(@Args('input') input: ResetTwoStepInput, @Context() context: RequestContext): Promise<TwoStepPayload> {
    return this.twoStep.reset(input.username, input.reason, context, await this.accounts.findByUsername(input.username));
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => AccountPayload, { description: "Two-step sign-in's second step: a code from the app or a recovery code, for this browser's pending sign-in; sets the session cookie." })
  completeSignIn(@Args('input') input: CompleteSignInInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.completeSignIn(input.code, context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => SignOutEverywhereElsePayload, { description: 'Ends every session of the viewer but this one.' })
  signOutEverywhereElse(@Context() context: RequestContext): Promise<SignOutEverywhereElsePayload> {
    return this.accounts.signOutEverywhereElse(context);
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether two-step sign-in is on; for the person and administrators only' })
  twoStepEnabled(@Parent() user: User, @Context() context: RequestContext): boolean | null {
    const viewer = context.viewer?.user;
    const allowed = !!viewer && (viewer.id === user.id || (viewer.role === UserRole.Admin && !viewer.suspendedAt && !mustSetUpTwoStep(viewer)));
    return allowed ? user.twoStepEnabledAt !== null : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether the person must turn on two-step sign-in before doing anything else; for the person only' })
  mustSetUpTwoStep(@Parent() user: User, @Context() context: RequestContext): boolean | null {
    return context.viewer?.user.id === user.id ? mustSetUpTwoStep(user) : null;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Unused recovery codes; for the person only' })
  recoveryCodesLeft(@Parent() user: User, @Context() context: RequestContext): Promise<number> | null {
    return context.viewer?.user.id === user.id ? this.twoStep.recoveryCodesLeft(user.id) : null;
  }
}
