import {
  getNamedType,
  isInputObjectType,
  isRequiredInputField,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { printPath, type PathSegment, type Refusal } from './refusals';

/** The nodes graphql-js's ValuesOfCorrectTypeRule reports a refused literal at (an unknown input field at its ObjectField). */
const LITERAL_KINDS: ReadonlySet<string> = new Set([
  Kind.STRING,
  Kind.INT,
  Kind.FLOAT,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

/** An item of a list literal: its key is its index, and the list is the last node above it. */
function isListItem(key: string | number | undefined, ancestors: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): key is number {
  const above = ancestors[ancestors.length - 1];
  return typeof key === 'number' && above !== undefined && 'kind' in above && above.kind === Kind.LIST;
}

/** What a literal is the value of: an argument (of a field or a directive) or a variable's default. */
export type LiteralOwner = { kind: 'argument' } | { kind: 'default value'; variable: string };

interface LiteralPlace {
  owner: LiteralOwner;
  path: string;
  /** The type the schema expects there; for an ObjectField, the input object that holds it. */
  expected: GraphQLInputType | undefined;
}

/** A refused literal: whose value it is, where, and what was expected. */
export interface LiteralRefusal {
  owner: LiteralOwner;
  refusal: Refusal;
}

/**
 * Every literal in a document's arguments and variable defaults, by node, with its path and the type the schema expects
 * there; read once per refused document. A refusal is told from the node graphql-js reports it at, never from its
 * message, which prints the literal.
 */
export class DocumentLiterals {
  private readonly places = new Map<ASTNode, LiteralPlace>();
  /** ValuesOfCorrectTypeRule reports each required field missing from one object literal at that object, in field order. */
  private readonly reportedAt = new Map<ASTNode, number>();

  constructor(schema: GraphQLSchema, document: DocumentNode) {
    const typeInfo = new TypeInfo(schema);
    let owner: LiteralOwner | null = null;
    let root = '';
    const segments: PathSegment[] = [];
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        enter: (node, key, _parent, _path, ancestors) => {
          if (node.kind === Kind.ARGUMENT) {
            owner = { kind: 'argument' };
            root = node.name.value;
          }
          if (node.kind === Kind.VARIABLE_DEFINITION) {
            owner = { kind: 'default value', variable: node.variable.name.value };
            root = node.variable.name.value;
          }
          if (!owner || !LITERAL_KINDS.has(node.kind)) return;
          if (isListItem(key, ancestors)) segments.push(key);
          // TypeInfo has entered the node already: a list's (and an ObjectField's) own type is the parent's by then.
          const expected = node.kind === Kind.LIST || node.kind === Kind.OBJECT_FIELD ? typeInfo.getParentInputType() : typeInfo.getInputType();
          this.places.set(node, { owner, path: printPath(root, segments), expected: expected ?? undefined });
          if (node.kind === Kind.OBJECT_FIELD) segments.push(node.name.value);
        },
        leave: (node, key, _parent, _path, ancestors) => {
          if (node.kind === Kind.ARGUMENT || node.kind === Kind.VARIABLE_DEFINITION) owner = null;
          if (!owner || !LITERAL_KINDS.has(node.kind)) return;
          if (node.kind === Kind.OBJECT_FIELD) segments.pop();
          if (isListItem(key, ancestors)) segments.pop();
        },
      }),
    );
  }

  /** The refusal an error reported at `node` makes, or undefined when `node` is not a literal of an argument or a default. */
  refusalAt(node: ASTNode): LiteralRefusal | undefined {
    const place = this.places.get(node);
    if (!place) return undefined;
    const named = place.expected && getNamedType(place.expected);
    if (node.kind === Kind.OBJECT_FIELD && isInputObjectType(named)) {
      return { owner: place.owner, refusal: { path: place.path, problem: { kind: 'undefined-field', type: named } } };
    }
    if (node.kind === Kind.OBJECT && isInputObjectType(named)) {
      const given = new Set(node.fields.map((field) => field.name.value));
      const missing = Object.values(named.getFields()).filter((field) => isRequiredInputField(field) && !given.has(field.name));
      const index = this.reportedAt.get(node) ?? 0;
      this.reportedAt.set(node, index + 1);
      const field = missing[index];
      if (field) return { owner: place.owner, refusal: { path: `${place.path}.${field.name}`, problem: { kind: 'missing', expected: field.type } } };
    }
    return { owner: place.owner, refusal: { path: place.path, problem: { kind: 'invalid', expected: place.expected } } };
  }
}
