import type { GraphQLSchema } from 'graphql';
import { buildBareSchema } from '../src/schema';
import { runCampaign, type CampaignResult, type CampaignTarget } from './fuzz/campaign';
import { checkAnswer, ECHO_FAILURE } from './fuzz/checks';
import { schemaNames, sentStrings } from './fuzz/echo';
import { graphqlPost, HttpClient, type RawResponse } from './fuzz/http-client';
import { HTTP_ODDITY_KINDS } from './fuzz/http-oddities';
import { MALFORMED_KINDS } from './fuzz/malformed';
import { mayRead, type FuzzPrincipal } from './fuzz/principals';
import { renderFailures, renderSummary } from './fuzz/report';
import { setUpScene, type Scene } from './fuzz/scene';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Random operations built from the schema, malformed documents and odd HTTP requests, from every role, against the
 * real server over a seeded scene; every answer is checked for what must hold whatever was asked. The seed and the
 * count are fixed, so this run is the same every time; `npm run fuzz` runs longer with a new seed.
 */

const SEED = 20_251_208;
const OPERATIONS = 2_000;
/** Far beyond any answer of this small scene; only a request that hangs the server reaches it. */
const NO_ANSWER_MS = 15_000;

let app: TestApp;
let scene: Scene;
let schema: GraphQLSchema;
let client: HttpClient;
let result: CampaignResult;

beforeAll(async () => {
  app = await startTestApp();
  schema = await buildBareSchema();
  scene = await setUpScene({ dataSource: app.dataSource, jwtSecret: app.jwtSecret, url: app.url });
  client = new HttpClient(app.url, NO_ANSWER_MS);
  const target: CampaignTarget = { schema, scene, client, dataSource: app.dataSource, path: new URL(app.url).pathname };
  result = await runCampaign(target, { seed: SEED, operations: OPERATIONS });
}, 300_000);

afterAll(async () => {
  client?.close();
  await app?.close();
});

const principal = (name: string): FuzzPrincipal => {
  const found = scene.principals.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no principal ${name}`);
  return found;
};

describe(`a fuzz run of ${OPERATIONS} requests with seed ${SEED}, from every role`, () => {
  /** The failures of the run, as `npm run fuzz` prints them (each class once, its smallest request, how to replay it). */
  const failuresWhere = (keep: (failure: string) => boolean) => {
    const failures = result.failures.filter(({ finding }) => keep(finding.failure));
    return failures.length === 0 ? '' : `\n${renderSummary(result)}\n\n${renderFailures(failures)}\n`;
  };

  it('answers every request with JSON, never 5xx, INTERNAL_SERVER_ERROR, a stack or a server path, nor a personal value the principal may not see', () => {
    const report = failuresWhere((failure) => failure !== ECHO_FAILURE);
    if (report !== '') throw new Error(report);
  });

  it('never repeats a string argument of the request in an error message', () => {
    const report = failuresWhere((failure) => failure === ECHO_FAILURE);
    if (report !== '') throw new Error(report);
  });

  it("leaves the oracle's processors, their consents and disclosures as seeded (mutations touch only the sandbox)", async () => {
    expect(await scene.changesToOracle()).toEqual([]);
  });

  it.each([
    'customer (own data)',
    'affiliate (trusted, consented, PERSONALIZATION)',
    'affiliate (trusted, two purposes)',
    'affiliate (trusted, no consent, one disclosure)',
  ])('reaches personal data %s may see, so that the leak check has both sides', (name) => {
    expect(result.allowedReads.get(name) ?? 0).toBeGreaterThan(0);
  });

  it('sends every kind of malformed document and odd HTTP request', () => {
    const sent = [...result.kinds.keys()];
    expect(MALFORMED_KINDS.map((kind) => `malformed: ${kind}`).filter((kind) => !sent.includes(kind))).toEqual([]);
    expect(HTTP_ODDITY_KINDS.map((kind) => `http: ${kind}`).filter((kind) => !sent.includes(kind))).toEqual([]);
    expect(result.kinds.get('query')).toBeGreaterThan(0);
    expect(result.kinds.get('mutation')).toBeGreaterThan(0);
  });
});

describe('the checks a fuzz answer goes through', () => {
  const answer = (status: number, body: unknown, contentType = 'application/json'): RawResponse => ({
    answered: true,
    status,
    contentType,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const failuresFor = (name: string, response: RawResponse, purpose?: string) => {
    const readable = mayRead(principal(name).rule, purpose);
    return checkAnswer('POST', response, (body) => scene.personal.find(body, readable).leaked).map((finding) => finding.failure);
  };
  it('passes a clean answer', () => {
    expect(failuresFor('staff', answer(200, { data: { purposes: [{ code: 'PERSONALIZATION' }] } }))).toEqual([]);
  });

  it('fails a seeded email in a staff answer, even in another case', () => {
    const { email } = scene.customers.consenting;
    expect(failuresFor('staff', answer(200, { data: { customer: { email: email.toUpperCase() } } }))).toEqual([
      'personal data the principal may not see: contact.email',
    ]);
  });

  it("lets the customer see their own name but not another customer's", () => {
    const { consenting: own, bystander: other } = scene.customers;
    expect(failuresFor('customer (own data)', answer(200, { data: { me: { fullName: own.fullName } } }))).toEqual([]);
    expect(failuresFor('customer (own data)', answer(200, { data: { customer: { fullName: other.fullName } } }))).toEqual([
      'personal data the principal may not see: identity.name',
    ]);
  });

  it('lets the consented recipient read the email for the consented purpose only', () => {
    const { email } = scene.customers.consenting;
    const body = answer(200, { data: { customer: { email } } });
    expect(failuresFor('affiliate (trusted, two purposes)', body, 'PERSONALIZATION')).toEqual([]);
    expect(failuresFor('affiliate (trusted, two purposes)', body, 'NEW_SERVICES')).toEqual([
      'personal data the principal may not see: contact.email',
    ]);
    expect(failuresFor('affiliate (trusted, two purposes)', body)).toEqual(['personal data the principal may not see: contact.email']);
  });

  it.each([
    [
      'a 500',
      answer(500, { errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      ['HTTP 500 (INTERNAL_SERVER_ERROR)', 'error code INTERNAL_SERVER_ERROR'],
    ],
    [
      'a 503 AUDIT_UNAVAILABLE',
      answer(503, { errors: [{ message: 'x', extensions: { code: 'AUDIT_UNAVAILABLE' } }] }),
      ['HTTP 503 (AUDIT_UNAVAILABLE)', 'error code AUDIT_UNAVAILABLE'],
    ],
    ['an HTML error page', answer(400, '<pre>SyntaxError</pre>', 'text/html'), ['answer is not JSON (HTTP 400, text/html)']],
    ['a stack trace', answer(400, { errors: [{ message: 'boom\n    at parse (/work/main/src/x.ts:1:2)' }] }), ['answer shows a stack frame']],
    ['a server path', answer(400, { errors: [{ message: 'cannot open /work/main/.data/x' }] }), ['answer shows a path of the server']],
  ])('fails %s', (_what, response, expected) => {
    expect(failuresFor('privacy_officer', response)).toEqual(expected);
  });

  it("fails an error message that repeats a string argument; the schema's own names are not arguments to guard", () => {
    const request = graphqlPost('/graphql', {
      query: 'query ($id: UUID!) { customer(id: $id) { id } grantConsent(purpose: "PERSONALIZATION", processorId: "not-a-processor-id") { id } }',
      variables: { id: 'not-a-customer-id' },
    });
    const sent = sentStrings(request, schemaNames(schema));
    expect(sent.sort()).toEqual(['not-a-customer-id', 'not-a-processor-id']);
    const echo = answer(400, {
      errors: [{ message: 'Value is not a valid UUID: not-a-processor-id', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const readable = mayRead(principal('staff').rule, undefined);
    expect(checkAnswer('POST', echo, (body) => scene.personal.find(body, readable).leaked, sent).map((finding) => finding.failure)).toEqual([
      ECHO_FAILURE,
    ]);
  });

  it('fails a request that got no answer', () => {
    expect(failuresFor('anonymous', { answered: false, error: 'no answer within 15000 ms' })).toEqual(['no answer']);
  });
});
