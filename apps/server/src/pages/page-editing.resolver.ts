import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import {
  CreatePageInput,
  DeletePageInput,
  PageEditPayload,
  PagePayload,
  RestorePageInput,
  RevertPageInput,
  SavePageInput,
  SetPageFeaturedInput,
} from './page-editing.models';
import { PageEditingService } from './page-editing.service';

/** The doors into PageEditingService: one mutation, one service call. */
@Resolver()
export class PageEditingResolver {
  constructor(private readonly editing: PageEditingService) {}

  @Allow(Access.SignedIn)
  @Mutation(() => PageEditPayload, { description: 'Creates a page with its first revision.' })
  createPage(@Args('input') input: CreatePageInput, @Context() context: RequestContext): Promise<PageEditPayload> {
    return this.editing.createPage(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => PageEditPayload, { description: 'Saves an edit: merged with edits saved meanwhile, or a conflict to resolve.' })
  savePage(@Args('input') input: SavePageInput, @Context() context: RequestContext): Promise<PageEditPayload> {
    return this.editing.savePage(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => PageEditPayload, { description: "Brings back an earlier revision's text as a new revision." })
  revertPage(@Args('input') input: RevertPageInput, @Context() context: RequestContext): Promise<PageEditPayload> {
    return this.editing.revertPage(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => PagePayload)
  setPageFeatured(@Args('input') input: SetPageFeaturedInput, @Context() context: RequestContext): Promise<PagePayload> {
    return this.editing.setFeatured(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => PagePayload, { description: 'Hides a page (soft deletion, logged, restorable).' })
  deletePage(@Args('input') input: DeletePageInput, @Context() context: RequestContext): Promise<PagePayload> {
    return this.editing.deletePage(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => PagePayload)
  restorePage(@Args('input') input: RestorePageInput, @Context() context: RequestContext): Promise<PagePayload> {
    return this.editing.restorePage(input, context.viewer);
  }
}
