import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { DiscardDraftInput, DiscardDraftPayload, Draft, SaveDraftInput, SaveDraftPayload } from './drafts.models';
import { DraftsService } from './drafts.service';

/**
 * The doors into DraftsService. The queries mark the request personal: a draft is one person's and
 * changes with no data-changed notification, so no answer holding one is ever kept in a shared cache.
 */
@Resolver(() => Draft)
export class DraftsResolver {
  constructor(private readonly drafts: DraftsService) {}

  @Query(() => Draft, { nullable: true, description: "The viewer's draft for one form (see Draft.key); null when signed out or there is none" })
  viewerDraft(@Args('key') key: string, @Context() context: RequestContext): Promise<Draft | null> {
    context.personal = true;
    return this.drafts.draft(context.viewer, key);
  }

  @Query(() => [Draft], { description: "The viewer's drafts, newest first; none when signed out" })
  viewerDrafts(@Context() context: RequestContext): Promise<Draft[]> {
    context.personal = true;
    return this.drafts.drafts(context.viewer);
  }

  // Saved 2 seconds after typing stops: 60 a minute is a fast typist with pauses in two windows.
  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @Mutation(() => SaveDraftPayload, { description: "Keeps the viewer's draft for a form, unless a newer one is kept (DRAFT_OUTDATED)" })
  saveDraft(@Args('input') input: SaveDraftInput, @Context() context: RequestContext): Promise<SaveDraftPayload> {
    return this.drafts.save(input, context.viewer);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => DiscardDraftPayload, { description: "Discards the viewer's draft for a form (\"Discard\", or the text was posted)" })
  discardDraft(@Args('input') input: DiscardDraftInput, @Context() context: RequestContext): Promise<DiscardDraftPayload> {
    return this.drafts.discard(input, context.viewer);
  }
}
