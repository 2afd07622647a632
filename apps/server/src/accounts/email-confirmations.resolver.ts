import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import type { RequestContext } from '../graphql/request-context';
import { Access, Allow } from './access';
import { AccountPayload, ChangeEmailInput, ConfirmEmailInput, ConfirmEmailPayload, EmailConfirmationLink } from './account.models';
import { EmailConfirmationsService } from './email-confirmations.service';

const MINUTE = 60_000;

@Resolver()
export class EmailConfirmationsResolver {
  constructor(private readonly confirmations: EmailConfirmationsService) {}

  @Allow(Access.Public)
  @Query(() => EmailConfirmationLink, { description: 'What an email confirmation link (its token) is good for.' })
  emailConfirmationLink(@Args('token') token: string): Promise<EmailConfirmationLink> {
    return this.confirmations.link(token);
  }

  @Allow(Access.SignedIn)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => AccountPayload, { description: 'Sets (or removes) the email address, with the current password; mails a confirmation link to the new one and tells the old one.' })
  changeEmail(@Args('input') input: ChangeEmailInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.confirmations.changeEmail(input, context);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => ConfirmEmailPayload, { description: 'Confirms an email address with the token from its confirmation link.' })
  confirmEmail(@Args('input') input: ConfirmEmailInput): Promise<ConfirmEmailPayload> {
    return this.confirmations.confirm(input);
  }
}
