import { Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../graphql/request-context';
import { addressKey } from './address-key';
import { COST_PER_MINUTE } from './graphql-limits';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';

/**
 * The per-minute budget of GraphQL complexity for requests to /graphql, per person when signed in,
 * else per address (IPv6 by /64), counted in PostgreSQL like the write limits so every process
 * shares it. Mutations are limited by the write throttler as well; reads are only limited here.
 */
@Injectable()
export class QueryCostBudget {
  constructor(private readonly counters: PostgresThrottlerStorage) {}

  readonly charge = async (context: unknown, cost: number): Promise<void> => {
    const { req, viewer } = context as RequestContext;
    // In-process calls (the site's own pages, tests, the command line) have no request to charge.
    if (!req || process.env.RATE_LIMITS === 'off') return;
    const who = viewer ? `user:${viewer.user.id}` : `ip:${addressKey(req.ip)}`;
    const { hits, secondsLeft } = await this.counters.add(`graphql-cost:${who}`, 60_000, cost);
    if (hits <= COST_PER_MINUTE) return;
    throw new GraphQLError(`Too many requests: this minute's query budget (${COST_PER_MINUTE} points) is spent. Try again in ${secondsLeft} seconds.`, {
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: secondsLeft, http: { status: 429, headers: new Map([['retry-after', String(secondsLeft)]]) } },
    });
  };
}
