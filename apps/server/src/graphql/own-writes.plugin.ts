import type { ApolloServerPlugin } from '@apollo/server';
import type { DataVersion } from '../database/data-version.service';

/**
 * A mutation through `/graphql` has committed by the time its response is sent; PostgreSQL's NOTIFY
 * of it reaches DataVersion's listener only some time later. Waiting until this process has heard it
 * before answering makes the writer's own next request (a page read, say) miss the read cache from
 * before the write instead of racing the notification. (Form actions go through GraphqlExecutor,
 * which does the same.)
 */
export function ownWritesPlugin(dataVersion: DataVersion): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === 'mutation') await dataVersion.settle();
        },
      };
    },
  };
}
