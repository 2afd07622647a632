import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import type { RequestContext } from '../graphql/request-context';
import { Access, Allow } from './access';
import { AccountPayload, PasswordResetLink, RequestPasswordResetInput, RequestPasswordResetPayload, ResetPasswordInput } from './account.models';
import { PasswordResetsService } from './password-resets.service';

const MINUTE = 60_000;

@Resolver()
export class PasswordResetsResolver {
  constructor(private readonly resets: PasswordResetsService) {}

  @Allow(Access.Public)
  @Query(() => Boolean, { description: 'Whether this site can mail password reset links (it has SMTP_URL).' })
  passwordResetByEmail(): boolean {
    return this.resets.available;
  }

  @Allow(Access.Public)
  @Query(() => PasswordResetLink, { description: 'What a password reset link (its token) is good for.' })
  passwordResetLink(@Args('token') token: string): Promise<PasswordResetLink> {
    return this.resets.link(token);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 60 * MINUTE } })
  @Mutation(() => RequestPasswordResetPayload, {
    description: 'Mails a password reset link to the account with this username or email address, if there is one; the answer is the same either way.',
  })
  requestPasswordReset(@Args('input') input: RequestPasswordResetInput): Promise<RequestPasswordResetPayload> {
    return this.resets.request(input);
  }

  @Allow(Access.Public)
  @Throttle({ default: { limit: 10, ttl: 15 * MINUTE } })
  @Mutation(() => AccountPayload, { description: 'Sets a new password with a reset link’s token; ends every session of the person and signs this browser in.' })
  resetPassword(@Args('input') input: ResetPasswordInput, @Context() context: RequestContext): Promise<AccountPayload> {
    return this.resets.reset(input, context);
  }
}
