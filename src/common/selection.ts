import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks, below the field being resolved, for the field at `path` (field names, not aliases;
 * through fragments and inline fragments). Conditional directives are not evaluated: a field under @skip counts
 * as asked, which can only make a resolver read more, never less.
 */
export function selectsPath(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && selects(node.selectionSet, path, info.fragments));
}

function selects(selectionSet: SelectionSetNode, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>): boolean {
  const [name, ...rest] = path;
  return selectionSet.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value !== name) return false;
        return rest.length === 0 || (selection.selectionSet !== undefined && selects(selection.selectionSet, rest, fragments));
      case Kind.INLINE_FRAGMENT:
        return selects(selection.selectionSet, path, fragments);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        return fragment !== undefined && selects(fragment.selectionSet, path, fragments);
      }
    }
  });
}
