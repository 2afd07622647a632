import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { SearchConnection, SearchKind } from './search.models';
import { SearchService } from './search.service';

@Resolver()
export class SearchResolver {
  constructor(private readonly service: SearchService) {}

  @Query(() => SearchConnection, {
    description: 'Full-text search over pages, recommendations, threads and replies, most relevant first.',
  })
  search(
    @Args('query') query: string,
    @Args('kind', { type: () => SearchKind, nullable: true })
    kind: SearchKind | null,
    @Args('areaSlug', { type: () => String, nullable: true })
    areaSlug: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<SearchConnection> {
    return this.service.search(query, { kind, areaSlug, first, after });
  }
}
