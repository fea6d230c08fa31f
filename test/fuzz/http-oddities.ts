import { gzipSync } from 'node:zlib';
import { graphqlPost, type RawRequest } from './http-client';
import type { Random } from './random';

/** A request that is odd at the HTTP layer; its kind names the failure class. */
export interface HttpOddity {
  kind: string;
  request: RawRequest;
}

/** What the odd requests ask for: personal fields, so that a request let through by mistake shows what it reads. */
export const PERSONAL_PROBE = '{ me { id email phone fullName } customers(first: 5) { edges { node { id email fullName dateOfBirth } } } }';

const json = 'application/json';
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

type Writer = (rng: Random, path: string) => RawRequest | RawRequest[];

const raw = (path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': json }): RawRequest => ({
  method: 'POST',
  path,
  headers,
  body,
});

const WRITERS: Record<string, Writer> = {
  'malformed JSON': (rng, path) =>
    raw(
      path,
      rng.pick([
        `{"query": ${JSON.stringify(PERSONAL_PROBE)}`,
        `{'query': '{ __typename }'}`,
        '{"query": "{ __typename }"}}',
        '\u0000',
        '{"query": "{ __typename }", }',
        `${'['.repeat(rng.int(1_000, 100_000))}`,
        '{"query": "\\x41"}',
        '',
      ]),
    ),
  'JSON that is not a GraphQL request': (rng, path) =>
    raw(
      path,
      rng.pick([
        'null',
        '"text"',
        '123',
        '{}',
        '{"query": 5}',
        '{"query": null}',
        '{"query": ["{ __typename }"]}',
        `{"query": ${JSON.stringify(PERSONAL_PROBE)}, "variables": "x"}`,
        '{"query": "{ __typename }", "variables": [1]}',
        '{"query": "{ __typename }", "operationName": 5}',
        '{"query": "{ __typename }", "extensions": "x"}',
        '{"query": "{ __typename }", "__proto__": {"polluted": true}}',
      ]),
    ),
  'batch array': (rng, path) =>
    raw(
      path,
      JSON.stringify(
        rng.chance(0.7)
          ? [{ query: '{ __typename }' }, { query: PERSONAL_PROBE }]
          : Array.from({ length: rng.int(100, 2000) }, () => ({ query: '{ purposes { code } }' })),
      ),
    ),
  'persisted query with a bad hash': (rng, path) => {
    const sha256Hash = rng.hex(64);
    const variants: unknown[] = [
      { extensions: { persistedQuery: { version: 1, sha256Hash } } },
      { query: PERSONAL_PROBE, extensions: { persistedQuery: { version: 1, sha256Hash } } },
      { extensions: { persistedQuery: { version: 2, sha256Hash } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'not hex' } } },
      { extensions: { persistedQuery: 'x' } },
    ];
    return graphqlPost(path, rng.pick(variants));
  },
  'GET without a preflight header': (_rng, path) => ({
    method: 'GET',
    path: `${path}?query=${encodeURIComponent(PERSONAL_PROBE)}`,
    headers: {},
  }),
  GET: (rng, path) => ({
    method: 'GET',
    path: rng.pick([
      `${path}?query=${encodeURIComponent(PERSONAL_PROBE)}`,
      `${path}?query=${encodeURIComponent('mutation { grantConsent(purpose: PERSONALIZATION) { id } }')}`,
      `${path}?query=${encodeURIComponent('{ __typename }')}&variables=not-json`,
      `${path}?query=${encodeURIComponent('{ __typename }')}&extensions=${encodeURIComponent('{"persistedQuery":1}')}`,
      path,
      `${path}?query=%E0%A4%A`,
    ]),
    headers: PREFLIGHT,
  }),
  'wrong content type': (rng, path) => {
    const body = JSON.stringify({ query: PERSONAL_PROBE });
    return rng.pick([
      raw(path, body, { 'content-type': 'text/plain' }),
      raw(path, body, { 'content-type': 'text/plain', ...PREFLIGHT }),
      raw(path, `query=${encodeURIComponent(PERSONAL_PROBE)}`, { 'content-type': 'application/x-www-form-urlencoded' }),
      raw(path, '--x\r\ngarbage\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }),
      raw(path, PERSONAL_PROBE, { 'content-type': 'application/graphql' }),
      raw(path, body, { 'content-type': 'application/json; charset=latin1' }),
      raw(path, body, { 'content-type': 'application/json; charset=utf-16' }),
      raw(path, body, {}),
      raw(path, body, { 'content-type': 'application/jsonx' }),
      raw(path, body, { 'content-type': 'application/json', accept: 'text/html' }),
    ]);
  },
  'content encoding': (rng, path) => {
    const body = JSON.stringify({ query: PERSONAL_PROBE });
    const variant = rng.int(0, 3);
    if (variant === 0) return raw(path, body, { 'content-type': json, 'content-encoding': 'gzip' });
    if (variant === 1) return raw(path, body, { 'content-type': json, 'content-encoding': 'br' });
    if (variant === 2) return raw(path, gzipSync(body), { 'content-type': json, 'content-encoding': 'gzip' });
    // A small body that inflates to 20 MB.
    return raw(path, gzipSync('x'.repeat(20_000_000)), { 'content-type': json, 'content-encoding': 'gzip' });
  },
  'other method': (rng, path) => ({
    method: rng.pick(['PUT', 'DELETE', 'PATCH', 'HEAD']),
    path,
    headers: { 'content-type': json },
    body: JSON.stringify({ query: PERSONAL_PROBE }),
  }),
  'unknown path': (rng, path) => ({
    method: rng.pick(['GET', 'POST']),
    path: rng.pick([`${path}/extra`, '/nope', `${path}x`]),
    headers: { 'content-type': json },
  }),
  'oversized body': (rng, path) => graphqlPost(path, { query: `{ __typename }#${'x'.repeat(rng.int(1_100_000, 3_000_000))}` }),
  'odd headers': (rng, path) =>
    graphqlPost(
      path,
      { query: PERSONAL_PROBE },
      rng.pick<Record<string, string>>([
        { authorization: 'Bearer' },
        { authorization: 'Bearer ' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Bearer a.b.c' },
        { authorization: `Bearer ${'x'.repeat(8_000)}` },
        { 'x-processing-purpose': 'x'.repeat(8_000) },
        { 'x-processing-purpose': 'personalization' },
        { 'x-processing-purpose': 'PERSONALIZATION, NEW_SERVICES' },
        { accept: 'application/graphql-response+json' },
      ]),
    ),
};

export const HTTP_ODDITY_KINDS = Object.keys(WRITERS);

/** One odd request to `path` (the GraphQL endpoint), carrying the principal's headers unless it replaces them. */
export function httpOddity(rng: Random, path: string, principalHeaders: Record<string, string>): HttpOddity {
  const kind = rng.pick(HTTP_ODDITY_KINDS);
  const written = WRITERS[kind](rng, path);
  const request = Array.isArray(written) ? rng.pick(written) : written;
  return { kind, request: { ...request, headers: { ...principalHeaders, ...request.headers } } };
}
