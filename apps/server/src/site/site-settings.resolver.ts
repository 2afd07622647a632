import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { Access, Allow } from '../accounts/access';
import { SiteSettings, SiteSettingsPayload, UpdateSiteSettingsInput } from './site-settings.models';
import { SiteSettingsService } from './site-settings.service';

@Resolver()
export class SiteSettingsResolver {
  constructor(private readonly settings: SiteSettingsService) {}

  // Open on a private site too: the sign-in page shows the site's name.
  @Allow(Access.Public)
  @Query(() => SiteSettings, { description: 'The site’s name and whether it is private.' })
  siteSettings(): Promise<SiteSettings> {
    return this.settings.get();
  }

  @Allow(Access.Admin)
  @Mutation(() => SiteSettingsPayload, { description: 'Sets the site’s name and whether it is private (administrators).' })
  updateSiteSettings(@Args('input') input: UpdateSiteSettingsInput, @Context() context: RequestContext): Promise<SiteSettingsPayload> {
    return this.settings.update(input, context);
  }
}
