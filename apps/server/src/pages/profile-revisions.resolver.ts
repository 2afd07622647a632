import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { loadPage } from './loaders';
import { Page } from './page.entity';
import { PagesService } from './pages.service';
import { Revision } from './revision.entity';

/** A person's recent edits, for their profile page. */
@Resolver(() => User)
export class ProfileRevisionsResolver {
  constructor(private readonly pages: PagesService) {}

  @ResolveField(() => [Revision], { description: 'Their most recent revisions, newest first' })
  recentRevisions(@Parent() user: User, @Args('limit', { type: () => Int, defaultValue: 10 }) limit: number): Promise<Revision[]> {
    return this.pages.recentRevisionsBy(user.id, Math.min(Math.max(limit, 1), 50));
  }
}

@Resolver(() => Revision)
export class RevisionPageResolver {
  constructor(private readonly pages: PagesService) {}

  @ResolveField(() => Page, { description: 'The page this revision belongs to' })
  async page(@Parent() revision: Revision, @Context() context: RequestContext): Promise<Page> {
    return (await loadPage(context, this.pages, revision.pageId))!;
  }
}
