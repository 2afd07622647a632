import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * A GraphQLError thrown by a resolver, guard or service is a deliberate refusal ("Sign in to do
 * this", a rate limit, a bad cursor) with its typed code: it goes to the client as it is. Nest's
 * default handler would also log each one at ERROR level, so a flood of refused requests would
 * flood the log and bury real errors. Anything else still reaches the default handler and is logged.
 */
@Catch(GraphQLError)
export class RefusalFilter implements GqlExceptionFilter {
  catch(refusal: GraphQLError, host: ArgumentsHost): GraphQLError {
    if (host.getType<string>() !== 'graphql') throw refusal;
    return refusal;
  }
}
