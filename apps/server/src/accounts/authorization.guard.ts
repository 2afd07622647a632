import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { Access, ACCESS_KEY, accessError, assertAccess } from './access';

/**
 * The one authorisation door for GraphQL (and so for the HTML form actions, which run mutations
 * in-process): reads the method's @Allow rule and the request's viewer. A mutation without a rule
 * is refused, so forgetting one fails closed (and fails the authorisation matrix test).
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const operation = gql.getInfo().parentType.name;
    const rule = this.reflector.get<Access | undefined>(ACCESS_KEY, context.getHandler());
    if (rule === undefined && operation === 'Mutation') {
      throw accessError('FORBIDDEN', 'This action has no access rule');
    }
    assertAccess(gql.getContext<RequestContext>().viewer, rule ?? Access.Public);
    return true;
  }
}
