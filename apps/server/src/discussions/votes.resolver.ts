import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { AnswerValuableInput, ValuablePayload, ValuableSummary } from './posting.models';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import { VotesService } from './votes.service';

const threadSummary = (context: RequestContext, votes: VotesService, id: number) =>
  context.loaders.get<number, ValuableSummary>('valuableByThread', (ids) => votes.threadSummaries(ids, context.viewer?.user.id ?? null)).load(id);
const replySummary = (context: RequestContext, votes: VotesService, id: number) =>
  context.loaders.get<number, ValuableSummary>('valuableByReply', (ids) => votes.replySummaries(ids, context.viewer?.user.id ?? null)).load(id);

@Resolver()
export class VotesResolver {
  constructor(private readonly votes: VotesService) {}

  @Allow(Access.SignedIn)
  @Mutation(() => ValuablePayload, { description: '"Do you find this valuable?": one answer per person per post, changeable; not on one\'s own post.' })
  answerValuable(@Args('input') input: AnswerValuableInput, @Context() context: RequestContext): Promise<ValuablePayload> {
    return this.votes.answerValuable(input, context.viewer);
  }
}

@Resolver(() => Thread)
export class ThreadValuableResolver {
  constructor(private readonly votes: VotesService) {}

  @ResolveField(() => Int, { description: 'How many people found the opening post valuable' })
  async valuableCount(@Parent() thread: Thread, @Context() context: RequestContext): Promise<number> {
    return (await threadSummary(context, this.votes, thread.id)).count;
  }

  @ResolveField(() => Boolean, { nullable: true, description: "The viewer's answer about the opening post; null if none" })
  async viewerValuable(@Parent() thread: Thread, @Context() context: RequestContext): Promise<boolean | null> {
    return (await threadSummary(context, this.votes, thread.id)).viewer;
  }
}

@Resolver(() => Reply)
export class ReplyValuableResolver {
  constructor(private readonly votes: VotesService) {}

  @ResolveField(() => Int, { description: 'How many people found the reply valuable' })
  async valuableCount(@Parent() reply: Reply, @Context() context: RequestContext): Promise<number> {
    return (await replySummary(context, this.votes, reply.id)).count;
  }

  @ResolveField(() => Boolean, { nullable: true, description: "The viewer's answer about the reply; null if none" })
  async viewerValuable(@Parent() reply: Reply, @Context() context: RequestContext): Promise<boolean | null> {
    return (await replySummary(context, this.votes, reply.id)).viewer;
  }
}
