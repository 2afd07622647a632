import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/** Deep enough for every page's query (the page view is 6 levels), shallow enough to stop abuse. */
export const MAX_DEPTH = 10;
/**
 * One point per field requested, and a list's fields once per item it may return (its `first` or
 * `limit`): twenty search results cost twenty times their fields. The page view asks for about 60.
 */
export const MAX_COMPLEXITY = 1000;
/** Fields renamed by an alias in one document: a page's queries use a few; hundreds multiply work. */
export const MAX_ALIASES = 20;
/**
 * Tokens in one document, checked while parsing (graphql-js `maxTokens`), so a megabyte of
 * selections or operations is refused before it is parsed whole; the site's largest query has a
 * few hundred.
 */
export const MAX_TOKENS = 5000;
/**
 * Complexity points one person (or, signed out, one address) may spend on /graphql per minute,
 * shared by every process: 300 page-sized queries, or 20 at the complexity limit. Pages the server
 * renders run fixed queries in-process and are not counted.
 */
export const COST_PER_MINUTE = 20_000;

/** Charges an operation's complexity to whoever sent it; throws when their minute's budget is spent. */
export type ChargeCost = (context: unknown, cost: number) => Promise<void>;

/** A field with a `first` or `limit` argument costs its children once per item it may return. */
const listEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = [args.first, args.limit].find((value): value is number => typeof value === 'number');
  if (size === undefined) return undefined;
  return 1 + childComplexity * Math.max(1, Math.min(size, 1000));
};

/** How many fields in a document are renamed by an alias. */
function aliasCount(document: DocumentNode): number {
  let aliases = 0;
  visit(document, { Field: (node) => void (node.alias && aliases++) });
  return aliases;
}

export const depthRule: ValidationRule = depthLimit(MAX_DEPTH);

/**
 * Complexity worked out before, by document (Apollo keeps one parsed document per query text) and
 * by the variables that can change it. Only numbers (a list's `first` or `limit`) and booleans
 * (`@include`, `@skip`) can: a text, an input object or a list never becomes a `first` or `limit`
 * nor a condition, so a save's text does not make every save's key new. A document over a limit
 * is never kept: it throws each time.
 */
const knownComplexity = new WeakMap<DocumentNode, Map<string, number>>();
/** Keys kept per document, so variables chosen to differ each time cannot grow the cache without end. */
const MOST_KEYS_PER_DOCUMENT = 100;

function complexityOf(document: DocumentNode, operationName: string | undefined | null, variables: Record<string, unknown>, schema: () => GraphQLSchema): number {
  const shaping = Object.entries(variables).filter(([, value]) => typeof value === 'number' || typeof value === 'boolean');
  const key = JSON.stringify([operationName ?? null, shaping]);
  const known = knownComplexity.get(document)?.get(key);
  if (known !== undefined) return known;
  const aliases = aliasCount(document);
  if (aliases > MAX_ALIASES) {
    throw new GraphQLError(`This query renames too many fields (${aliases} aliases; the most allowed is ${MAX_ALIASES}).`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
    });
  }
  const complexity = getComplexity({
    schema: schema(),
    operationName: operationName ?? undefined,
    query: document,
    variables,
    estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > MAX_COMPLEXITY) {
    throw new GraphQLError(`This query is too complex (${complexity}; the most allowed is ${MAX_COMPLEXITY}).`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
    });
  }
  const keys = knownComplexity.get(document) ?? new Map<string, number>();
  if (keys.size >= MOST_KEYS_PER_DOCUMENT) keys.clear();
  keys.set(key, complexity);
  knownComplexity.set(document, keys);
  return complexity;
}

/** Refuses over-complex operations before they run (graphql-query-complexity, as its README shows for Apollo). */
export function complexityPlugin(schema: () => GraphQLSchema, charge?: ChargeCost): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          // Introspection (whether allowed at all is decided separately) is not counted.
          if (operation?.selectionSet.selections.every((selection) => selection.kind === 'Field' && selection.name.value.startsWith('__'))) return;
          const complexity = complexityOf(document, request.operationName, request.variables ?? {}, schema);
          await charge?.(contextValue, complexity);
        },
      };
    },
  };
}
