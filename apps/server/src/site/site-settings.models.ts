import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';

@ObjectType('SiteSettings')
export class SiteSettings {
  @Field({ description: 'The site’s name, shown at the top of every page and in invitation emails' })
  name!: string;

  @Field({ description: 'Private: reading needs an account, and registering needs an invitation' })
  private!: boolean;
}

@InputType()
export class UpdateSiteSettingsInput {
  @Field() name!: string;
  @Field() private!: boolean;
}

@ObjectType('SiteSettingsPayload')
export class SiteSettingsPayload {
  @Field(() => SiteSettings, { nullable: true })
  settings!: SiteSettings | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
