import { Args, Query, Resolver } from '@nestjs/graphql';
import { TagCount, TagListing } from './tags.models';
import { TagsService } from './tags.service';

@Resolver()
export class TagsResolver {
  constructor(private readonly service: TagsService) {}

  @Query(() => [TagCount], { description: 'Every keyword tag on a shown page or thread, alphabetically, with how many of each carry it.' })
  tags(): Promise<TagCount[]> {
    return this.service.listTags();
  }

  @Query(() => TagListing, { nullable: true, description: 'The pages and threads with this tag (exactly as written); null when none has it.' })
  tag(@Args('name') name: string): Promise<TagListing | null> {
    return this.service.findTag(name);
  }
}
