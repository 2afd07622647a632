import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../graphql/request-context';
import { addressKey } from './address-key';

/**
 * Rate limits on every GraphQL mutation, and so on every write and every form action (they run
 * mutations in-process): per person when signed in, per address otherwise. Limits per mutation
 * come from @Throttle; the default is in AppModule. RATE_LIMITS=off exists for benchmarks only.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (process.env.RATE_LIMITS === 'off' || context.getType<string>() !== 'graphql') return true;
    return GqlExecutionContext.create(context).getInfo().parentType.name !== 'Mutation';
  }

  protected override getRequestResponse(context: ExecutionContext) {
    const { req, res } = GqlExecutionContext.create(context).getContext<RequestContext>();
    // In-process calls without an HTTP request (tests, the command line) count under one key.
    return { req: req ?? ({ ip: 'in-process' } as Request), res: res ?? { header: () => undefined } };
  }

  protected override async getTracker(req: Request): Promise<string> {
    return req.viewer ? `user:${req.viewer.user.id}` : `ip:${addressKey(req.ip)}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(detail.timeToBlockExpire, detail.timeToExpire, 1);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new GraphQLError(`Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`, {
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds },
    });
  }
}
