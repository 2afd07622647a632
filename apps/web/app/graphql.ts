import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Every GraphQL document the web client sends, typed from schema.graphql: a field the schema does
 * not have, or a wrong variable, fails the typecheck (and `npm test`) rather than a page.
 */
export const graphql = initGraphQLTada<{
  // A fragment names fields a component or helper needs; its data stays in the result as it is.
  disableMasking: true;
  introspection: introspection;
  // The server's DateTime arrives in JSON as an ISO 8601 string.
  // A file from a form: the form action passes it to the in-process executor as it is.
  scalars: { DateTime: string; Upload: File };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
