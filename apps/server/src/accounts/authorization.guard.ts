import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { SiteSettingsService } from '../site/site-settings.service';
import { Access, ACCESS_KEY, accessError, assertAccess } from './access';

/**
 * The one authorisation door for GraphQL (and so for the HTML form actions, which run mutations
 * in-process): reads the method's @Allow rule and the request's viewer. A mutation without a rule
 * is refused, so forgetting one fails closed (and fails the authorisation matrix test).
 *
 * A query without a rule is for readers: anyone on a public site, only people signed in on a
 * private one (anonymous readers get UNAUTHENTICATED). The few queries that the pages leading to
 * sign-in need say `@Allow(Access.Public)` and stay open.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly site: SiteSettingsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const operation = gql.getInfo().parentType.name;
    const rule = this.reflector.get<Access | undefined>(ACCESS_KEY, context.getHandler());
    if (rule === undefined && operation === 'Mutation') {
      throw accessError('FORBIDDEN', 'This action has no access rule');
    }
    const viewer = gql.getContext<RequestContext>().viewer;
    if (rule === undefined && operation === 'Query' && !viewer && (await this.site.isPrivate())) {
      throw accessError('UNAUTHENTICATED', 'This site is private: sign in to read it');
    }
    assertAccess(viewer, rule ?? Access.Public);
    return true;
  }
}
