import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import type { RequestContext } from '../graphql/request-context';
import { Access, Allow } from './access';
import { AccountPayload, CancelInvitationInput, CancelInvitationPayload, InvitationLink, PendingInvitation, InvitePeopleInput, InvitePeoplePayload, SetUpSiteInput } from './account.models';
import { FirstRunService } from './first-run.service';
import { InvitationsService } from './invitations.service';

const MINUTE = 60_000;

@Resolver()
export class InvitationsResolver {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly firstRun: FirstRunService,
  ) {}

  @Allow(Access.Public)
  @Query(() => InvitationLink, { description: 'What an invitation link (its token) is good for.' })
  invitationLink(@Args('token') token: string): Promise<InvitationLink> {
    return this.invitations.link(token);
  }

  @Allow(Access.Admin)
  @Throttle({ default: { limit: 20, ttl: 60 * MINUTE } })
  @Mutation(() => InvitePeoplePayload, { description: 'Mails an invitation link to each address (one a line, at most 100), giving the role (administrators).' })
  invitePeople(@Args('input') input: InvitePeopleInput, @Context() context: RequestContext): Promise<InvitePeoplePayload> {
    return this.invitations.invite(input, context);
  }

  @Allow(Access.Admin)
  @Query(() => [PendingInvitation], { description: 'Invitations not yet used nor expired, newest first, at most 50 (administrators).' })
  pendingInvitations(@Context() context: RequestContext): Promise<PendingInvitation[]> {
    return this.invitations.pending(context);
  }

  @Allow(Access.Admin)
  @Throttle({ default: { limit: 60, ttl: MINUTE } })
  @Mutation(() => CancelInvitationPayload, { description: 'Cancels an unused invitation: its link stops working at once (administrators).' })
  cancelInvitation(@Args('input') input: CancelInvitationInput, @Context() context: RequestContext): Promise<CancelInvitationPayload> {
    return this.invitations.cancel(input, context);
  }

  @Allow(Access.Public)
  @Query(() => Boolean, { description: 'Whether the first-run set-up address with this token works (no administrator yet).' })
  setupLinkValid(@Args('token') token: string): Promise<boolean> {
    return this.firstRun.linkValid(token);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => AccountPayload, { description: 'First run: with the set-up address’s token, creates the first administrator, names the site and sets it public or private; signs this browser in.' })
  setUpSite(@Args('input') input: SetUpSiteInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.firstRun.setUp(input, context);
  }
}
