import type { GraphQLSchema } from 'graphql';
import { randomOperation, type GraphQLRequestBody, type OperationIds } from './operations';
import type { Random } from './random';

/** A document the server must refuse (or bound) without failing: its kind names the failure class. */
export interface MalformedDocument {
  kind: string;
  body: GraphQLRequestBody;
}

const repeat = (count: number, text: (i: number) => string) => Array.from({ length: count }, (_, i) => text(i)).join(' ');
const query = (text: string): GraphQLRequestBody => ({ query: text });

const PUNCTUATION = [...'{}()[]:$@!"\\#,.=&|…'];

type Writer = (context: { schema: GraphQLSchema; rng: Random; ids: OperationIds; caseIndex: number }) => GraphQLRequestBody;

const WRITERS: Record<string, Writer> = {
  'truncated operation': ({ schema, rng, ids, caseIndex }) => {
    const body = randomOperation(schema, rng, ids, caseIndex);
    return { ...body, query: body.query.slice(0, rng.int(1, Math.max(1, body.query.length - 1))) };
  },
  'garbled operation': ({ schema, rng, ids, caseIndex }) => {
    const body = randomOperation(schema, rng, ids, caseIndex);
    const characters = [...body.query];
    for (let i = rng.int(1, 4); i > 0; i -= 1) characters.splice(rng.int(0, characters.length), 0, rng.pick(PUNCTUATION));
    return { ...body, query: characters.join('') };
  },
  'empty document': ({ rng }) => query(rng.pick(['', '   ', '# only a comment', '\u0000', '{}', 'query', '{ }'])),
  'unknown field': ({ rng, ids }) =>
    query(
      rng.pick([
        '{ noSuchField }',
        '{ me { password } }',
        `{ customer(id: "${rng.pick(ids.forQueries.customer)}") { passwordHash creditCard } }`,
        '{ customers { edges { node { ssn } } } }',
        '{ __typename { name } }',
        '{ me }',
        '{ purposes { code { name } } }',
      ]),
    ),
  'deep inline fragments': ({ rng }) => {
    const depth = rng.int(100, 5000);
    return query(`{ ${'... on Query { '.repeat(depth)}__typename ${'} '.repeat(depth)}}`);
  },
  'deep braces': ({ rng }) => query('{ me '.repeat(rng.int(100, 20_000))),
  'deep introspection': ({ rng }) => {
    const depth = rng.int(5, 60);
    return query(`{ __schema { types { ${'fields { type { '.repeat(depth)}name ${'} } '.repeat(depth)}} } }`);
  },
  'deep list literal': ({ rng }) => {
    const depth = rng.int(100, 5000);
    return query(`{ customers(first: ${'['.repeat(depth)}1${']'.repeat(depth)}) { totalCount } }`);
  },
  'many aliases': ({ rng }) => {
    const field = rng.pick(['__typename', 'purposes { code }', 'me { id }', 'customers(first: 100) { totalCount }', 'auditLogPublicKey']);
    return query(`{ ${repeat(rng.int(100, field === '__typename' ? 20_000 : 2_000), (i) => `a${i}: ${field}`)} }`);
  },
  'many directives': ({ rng }) => query(`{ __typename ${'@include(if: true) '.repeat(rng.int(50, 5_000))}}`),
  'fragment cycle': () => query('query Cycle { ...A } fragment A on Query { ...B __typename } fragment B on Query { ...A }'),
  'fragment fan-out': ({ rng }) => {
    const levels = rng.int(10, 40);
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === 0 ? 'fragment F0 on Query { purposes { code } }' : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`,
    );
    return query([`query FanOut { ...F${levels - 1} }`, ...fragments].join('\n'));
  },
  'several operations, none named': () => query('query A { __typename } query B { purposes { code } }'),
  subscription: ({ rng }) =>
    rng.chance(0.5) ? query('subscription { __typename }') : { query: 'subscription Watch { __typename }', operationName: 'Watch' },
  'bad variable definitions': ({ rng }) =>
    rng.pick([
      { query: 'query Q($a: Int) { customers(first: $b) { totalCount } }', operationName: 'Q', variables: { a: 1 } },
      { query: 'query Q($a: NoSuchType) { __typename }', operationName: 'Q', variables: { a: 1 } },
      { query: 'query Q($a: Int, $a: Int) { customers(first: $a) { totalCount } }', operationName: 'Q', variables: { a: 1 } },
      { query: 'query Q($a: Int!) { customers(first: $a) { totalCount } }', operationName: 'Q' },
      { query: 'query Q($a: [UUID!]!) { customer(id: $a) { id } }', operationName: 'Q', variables: { a: [] } },
    ]),
  introspection: ({ rng }) =>
    query(
      rng.pick([
        '{ __schema { types { name fields { name } } } }',
        '{ __type(name: "Customer") { fields { name args { name } } } }',
        '{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }',
      ]),
    ),
  'huge document': ({ rng }) =>
    rng.chance(0.5) ? query(`{ __typename }${'#'.repeat(rng.int(100_000, 900_000))}`) : query(`{ ${'__typename '.repeat(rng.int(10_000, 90_000))}}`),
};

export const MALFORMED_KINDS = Object.keys(WRITERS);

export function malformedDocument(schema: GraphQLSchema, rng: Random, ids: OperationIds, caseIndex: number): MalformedDocument {
  const kind = rng.pick(MALFORMED_KINDS);
  return { kind, body: WRITERS[kind]({ schema, rng, ids, caseIndex }) };
}
