import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Deep enough for every page's query (the page view is 6 levels), shallow enough to stop abuse. */
export const MAX_DEPTH = 10;
/** One point per field requested; the page view asks for about 60. */
export const MAX_COMPLEXITY = 1000;

export const depthRule: ValidationRule = depthLimit(MAX_DEPTH);

/** Refuses over-complex operations before they run (graphql-query-complexity, as its README shows for Apollo). */
export function complexityPlugin(schema: () => GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // Introspection (whether allowed at all is decided separately) is not counted.
          if (operation?.selectionSet.selections.every((selection) => selection.kind === 'Field' && selection.name.value.startsWith('__'))) return;
          const complexity = getComplexity({
            schema: schema(),
            operationName: request.operationName,
            query: document,
            variables: request.variables ?? {},
            estimators: [simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > MAX_COMPLEXITY) {
            throw new GraphQLError(`This query is too complex (${complexity}; the most allowed is ${MAX_COMPLEXITY}).`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
