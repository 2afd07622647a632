import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import type { RequestContext } from '../graphql/request-context';
import { Access, actsAsModerator, Allow, mustSetUpTwoStep } from './access';
import {
  AccountPayload,
  ChangePasswordInput,
  ChangeUserRoleInput,
  ColourSchemePayload,
  DeleteAccountInput,
  DeleteAccountPayload,
  RegisterInput,
  RestoreUserInput,
  SetUserPasswordInput,
  SignInInput,
  SuspendUserInput,
  UserConnection,
} from './account.models';
import { AccountsService, MAX_MENTION_SUGGESTIONS, MAX_USERS_PAGE } from './accounts.service';
import { PersonalDataService } from './personal-data.service';
import { SignInPayload } from './two-step.models';
import { ColourScheme, User, UserRole } from './user.entity';
import { loadHasPassword } from './user-loader';

const MINUTE = 60_000;

@Resolver(() => User)
export class AccountsResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly personalData: PersonalDataService,
  ) {}

  @Allow(Access.Public)
  @Query(() => User, { nullable: true, description: 'The signed-in person; null when anonymous.' })
  viewer(@Context() context: RequestContext): User | null {
    return context.viewer?.user ?? null;
  }

  @Query(() => User, { nullable: true, description: 'A person, by username (case-insensitive).' })
  user(@Args('username') username: string): Promise<User | null> {
    return this.accounts.findByUsername(username);
  }

  // Asked as someone types "@na…" (the form waits for a pause): 120 a minute is plenty for that,
  // and too few to walk the list of members by prefixes.
  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 120, ttl: MINUTE } })
  @Query(() => [User], { description: 'People to suggest after "@" in a post: username or display name starting with the prefix (signed-in only)' })
  peopleToMention(
    @Context() context: RequestContext,
    @Args('prefix') prefix: string,
    @Args('first', { type: () => Int, defaultValue: MAX_MENTION_SUGGESTIONS, description: `How many, from 1 to ${MAX_MENTION_SUGGESTIONS}` }) first: number,
  ): Promise<User[]> {
    context.personal = true;
    return this.accounts.peopleToMention(context.viewer, prefix, first);
  }

  @Allow(Access.Admin)
  @Query(() => UserConnection, { description: 'Everyone with an account, by username, a page at a time (administrators only).' })
  users(
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, defaultValue: 50, description: `How many, from 1 to ${MAX_USERS_PAGE}` }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<UserConnection> {
    return this.accounts.listUsers(context.viewer, first, after);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 5, ttl: 60 * MINUTE } })
  @Mutation(() => AccountPayload, { description: 'Creates an account and signs the person in.' })
  register(@Args('input') input: RegisterInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.register(input, context);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => SignInPayload, { description: 'Signs in and sets the session cookie; or, for an account with two-step sign-in, answers twoStepRequired and sets only a pending sign-in cookie.' })
  signIn(@Args('input') input: SignInInput, @Context() context: RequestContext): Promise<SignInPayload> {
    return this.accounts.signIn(input, context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => Boolean, { description: 'Ends the session.' })
  signOut(@Context() context: RequestContext): Promise<boolean> {
    return this.accounts.signOut(context);
  }

  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => AccountPayload)
  changePassword(@Args('input') input: ChangePasswordInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.changePassword(input, context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => ColourSchemePayload, { description: "Sets the viewer's colour scheme (\"Display settings\"); signed out, the browser's cookie keeps it instead." })
  setColourScheme(@Args('scheme', { type: () => ColourScheme }) scheme: ColourScheme, @Context() context: RequestContext): Promise<ColourSchemePayload> {
    return this.accounts.setColourScheme(scheme, context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 10, ttl: 60 * MINUTE } })
  @Query(() => String, { description: 'Everything stored about the signed-in person and everything they wrote, as one JSON document (UK GDPR right of access)' })
  viewerPersonalData(@Context() context: RequestContext): Promise<string> {
    return this.personalData.export(context);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => DeleteAccountPayload, {
    description: 'Deletes the signed-in account after checking its password: posts stay, attributed to "a former participant"; sessions end; everything else about the person is removed',
  })
  deleteAccount(@Args('input') input: DeleteAccountInput, @Context() context: RequestContext): Promise<DeleteAccountPayload> {
    return this.personalData.deleteAccount(input, context);
  }

  @Allow(Access.Admin)
  @Mutation(() => AccountPayload, { description: 'Sets a password for someone, e.g. a seeded account whose owner claims it.' })
  setUserPassword(@Args('input') input: SetUserPasswordInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.setUserPassword(input, context);
  }

  @Allow(Access.Admin)
  @Mutation(() => AccountPayload)
  changeUserRole(@Args('input') input: ChangeUserRoleInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.changeUserRole(input, context);
  }

  @Allow(Access.Admin)
  @Mutation(() => AccountPayload, { description: 'A suspended person can read but not write, and is told the reason.' })
  suspendUser(@Args('input') input: SuspendUserInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.suspendUser(input, context);
  }

  @Allow(Access.Admin)
  @Mutation(() => AccountPayload)
  restoreUser(@Args('input') input: RestoreUserInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.accounts.restoreUser(input, context);
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether they are suspended; for the person, moderators and administrators only (null for others)' })
  suspended(@Parent() user: User, @Context() context: RequestContext): boolean | null {
    return canSeePrivate(user, context) || actsAsModerator(context.viewer) ? user.suspendedAt !== null : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Shown to the person and to administrators only' })
  suspendedReason(@Parent() user: User, @Context() context: RequestContext): string | null {
    return canSeePrivate(user, context) ? user.suspendedReason : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Their email address (confirmed or not); for the person only' })
  email(@Parent() user: User, @Context() context: RequestContext): string | null {
    return context.viewer?.user.id === user.id ? user.email : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether their email address is confirmed; for the person only (null for others, and when there is no address)' })
  emailConfirmed(@Parent() user: User, @Context() context: RequestContext): boolean | null {
    return context.viewer?.user.id === user.id && user.email ? user.emailConfirmedAt !== null : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether a password is set; for the person and administrators only' })
  hasPassword(@Parent() user: User, @Context() context: RequestContext): Promise<boolean> | null {
    return canSeePrivate(user, context) ? loadHasPassword(context, this.accounts, user.id) : null;
  }
}

/** The person themself, or an administrator who is not suspended (a suspended one has no privileges). */
function canSeePrivate(user: User, context: RequestContext): boolean {
  const viewer = context.viewer?.user;
  return !!viewer && (viewer.id === user.id || (viewer.role === UserRole.Admin && !viewer.suspendedAt && !mustSetUpTwoStep(viewer)));
}
