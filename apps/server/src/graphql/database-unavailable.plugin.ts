import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, serviceUnavailableError } from '../database/database-unavailable';
import type { RequestContext } from './request-context';

/**
 * While the database cannot be reached, /graphql answers HTTP 503 with `Retry-After` and one typed
 * error (`extensions.code` SERVICE_UNAVAILABLE) instead of a 200 carrying the driver's message
 * (which names the database host) as an INTERNAL_SERVER_ERROR. A request whose session could not
 * be looked up (configure-http marks it) is refused before any resolver runs, so nothing is done
 * as if the person were signed out.
 */
export const databaseUnavailablePlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    let unavailable = false;
    return {
      async didResolveOperation({ contextValue }) {
        if (contextValue.req?.databaseUnavailable) throw serviceUnavailableError();
      },
      async didEncounterErrors({ errors }) {
        if (errors.some((error) => isDatabaseUnavailable(error) || isDatabaseUnavailable(unwrapResolverError(error)))) unavailable = true;
      },
      async willSendResponse({ response }) {
        if (!unavailable) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        if (response.body.kind !== 'single') return;
        const { message, extensions } = serviceUnavailableError();
        const formatted: GraphQLFormattedError = { message, extensions };
        // Whatever was read before the database went away is not worth half an answer.
        response.body.singleResult = { errors: [formatted] };
      },
    };
  },
};
