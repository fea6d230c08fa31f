import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The names of the fields the operation asks for at `path` below the field being resolved (field names, not
 * aliases; through fragments and inline fragments; every alias and spread of the same path together), e.g.
 * `['edges', 'node']` for the fields of each node of a connection. Conditional directives are not evaluated: a
 * field under @skip counts as asked, which can only make a resolver read more, never less.
 */
export function fieldsAt(info: SelectionInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    if (node.selectionSet) collect(node.selectionSet, path, info.fragments, names);
  }
  return names;
}

function collect(
  selectionSet: SelectionSetNode,
  path: readonly string[],
  fragments: Record<string, FragmentDefinitionNode>,
  names: Set<string>,
): void {
  const [name, ...rest] = path;
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (name === undefined) names.add(selection.name.value);
        else if (selection.name.value === name && selection.selectionSet) collect(selection.selectionSet, rest, fragments, names);
        break;
      case Kind.INLINE_FRAGMENT:
        collect(selection.selectionSet, path, fragments, names);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        if (fragment) collect(fragment.selectionSet, path, fragments, names);
        break;
      }
    }
  }
}
