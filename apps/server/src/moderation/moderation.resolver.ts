import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import { Reply } from '../discussions/reply.entity';
import { Thread } from '../discussions/thread.entity';
import type { RequestContext } from '../graphql/request-context';
import { Flag } from './flag.entity';
import { FlaggedPost, FlagPayload, FlagPostInput, ModeratePostInput, ModerateThreadInput, ModerationPayload, MoveThreadInput, ThreadMoveTargets } from './moderation.models';
import { ModerationService } from './moderation.service';

/** The doors into ModerationService: one mutation, one service call. */
@Resolver()
export class ModerationResolver {
  constructor(private readonly moderation: ModerationService) {}

  @Allow(Access.Moderator)
  @Query(() => [FlaggedPost], { description: 'Posts with open reports, the one reported longest ago first (moderators only).' })
  moderationQueue(@Context() context: RequestContext): Promise<FlaggedPost[]> {
    return this.moderation.queue(context.viewer);
  }

  @Allow(Access.Moderator)
  @Query(() => ThreadMoveTargets, { description: 'The pages and recommendations a thread can be moved to (moderators only).' })
  threadMoveTargets(@Context() context: RequestContext): Promise<ThreadMoveTargets> {
    return this.moderation.moveTargets(context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => FlagPayload, { description: 'Reports a thread (its opening post) or a reply to the moderators, with a reason; one open report per person per post.' })
  flagPost(@Args('input') input: FlagPostInput, @Context() context: RequestContext): Promise<FlagPayload> {
    return this.moderation.flagPost(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: 'Hides a post, with a reason shown in its place; resolves its open reports.' })
  hidePost(@Args('input') input: ModeratePostInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.hidePost(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: 'Shows a hidden post again.' })
  unhidePost(@Args('input') input: ModeratePostInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.unhidePost(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: "Closes a post's open reports without hiding it." })
  dismissFlags(@Args('input') input: ModeratePostInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.dismissFlags(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: 'Locks a thread: no new replies, and replies cannot be edited.' })
  lockThread(@Args('input') input: ModerateThreadInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.lockThread(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload)
  unlockThread(@Args('input') input: ModerateThreadInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.unlockThread(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: 'Pins a thread: listed first on its page (or recommendation).' })
  pinThread(@Args('input') input: ModerateThreadInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.pinThread(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload)
  unpinThread(@Args('input') input: ModerateThreadInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.unpinThread(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => ModerationPayload, { description: 'Moves a thread to another page, or to a recommendation.' })
  moveThread(@Args('input') input: MoveThreadInput, @Context() context: RequestContext): Promise<ModerationPayload> {
    return this.moderation.moveThread(input, context.viewer);
  }
}

@Resolver(() => Flag)
export class FlagResolver {
  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => User, { description: 'Who reported it' })
  async reporter(@Parent() flag: Flag, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, flag.reporterId))!;
  }
}

@Resolver(() => Reply)
export class ReplyModerationFieldsResolver {
  @ResolveField(() => Boolean, { description: 'Hidden by a moderator: shown as "Hidden by a moderator: <reason>"; its text only to moderators' })
  hidden(@Parent() reply: Reply): boolean {
    return reply.hiddenAt !== null;
  }

  @ResolveField(() => String, { nullable: true, description: "The moderator's reason for hiding it, shown in its place; null unless hidden" })
  hiddenReason(@Parent() reply: Reply): string | null {
    return reply.hiddenAt ? reply.hiddenReason : null;
  }
}

@Resolver(() => Thread)
export class ThreadModerationFieldsResolver {
  @ResolveField(() => Boolean, { description: 'Hidden by a moderator: its opening post shows "Hidden by a moderator: <reason>", its text only to moderators, and it is left out of lists and search' })
  hidden(@Parent() thread: Thread): boolean {
    return thread.hiddenAt !== null;
  }

  @ResolveField(() => String, { nullable: true, description: "The moderator's reason for hiding it; null unless hidden" })
  hiddenReason(@Parent() thread: Thread): string | null {
    return thread.hiddenAt ? thread.hiddenReason : null;
  }
}
