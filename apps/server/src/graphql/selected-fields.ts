import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The names of the fields asked for on the value this resolver returns (through fragments too),
 * so a read that can fetch neighbours in the same statement fetches only those the query shows.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}
