import path from 'node:path';
import type { GraphQLResolveInfo } from 'graphql';
import { Client } from 'pg';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { DEFAULT_DATABASE_SETTINGS } from '../src/db/database-settings';
import { prepareDatabase } from '../src/db/prepare';
import type { Context } from '../src/context';
import { canReadPersonalField } from '../src/policy/rules';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { postGraphQL, readiness, SERVICE_UNAVAILABLE_ANSWER, waitUntil, type HttpAnswer } from './support/http-answer';
import { startRestartablePostgres, type RestartablePostgres } from './support/restartable-postgres';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * With its database down, the server answers every principal on every path that needs the database in one class:
 * HTTP 503 SERVICE_UNAVAILABLE with Retry-After and no data, never a refusal (FORBIDDEN, 401) a partner could take
 * for missing consent, nor an internal error. /healthz stays up, /readyz says why it is not ready, a mutation cut
 * off by the stop leaves nothing half-written, and when the database is back the same requests succeed on their own.
 */

let database: RestartablePostgres;
let app: TestApp;

/** One request a principal makes; `variables` is called per request so that a sign-up gets an email of its own. */
interface Call {
  who: string;
  token: string;
  query: string;
  variables?: () => Record<string, unknown>;
}

let calls: Call[];
let customer: CustomerRow;
/** The customer whose mutations are cut off by the stop. */
let interrupted: CustomerRow;
let signUps = 0;
/** What the server logged, one parsed pino line each. */
const logged: Array<{ level: number; msg: string; err?: unknown; reason?: string }> = [];

beforeAll(async () => {
  database = await startRestartablePostgres(path.resolve(`.data/outage-pg-${process.pid}`), 'privacy_hub');
  const migrator = createDataSource({ url: database.url('privacy_hub'), poolSize: 1 });
  await migrator.initialize();
  await prepareDatabase(migrator);
  await migrator.destroy();
  app = await startTestApp({
    // The cluster is dropped whole in afterAll.
    database: { url: database.url('privacy_hub'), drop: async () => {} },
    limits: DEFAULT_DATABASE_SETTINGS,
    logger: pino({ level: 'warn', base: undefined }, { write: (line: string) => void logged.push(JSON.parse(line)) }),
  });

  customer = await insertCustomer(app.dataSource);
  interrupted = await insertCustomer(app.dataSource);
  const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact'] });
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id });

  const [customerToken, staff, analyst, officer, affiliate] = await Promise.all([
    app.customerToken(customer.id),
    app.tokenFor('staff'),
    app.tokenFor('analyst'),
    app.tokenFor('privacy_officer'),
    app.affiliateToken(partner.id, ['PERSONALIZATION']),
  ]);
  const processors = `{ processors { id } }`;
  const personalRead = { query: `query ($id: UUID!) { customer(id: $id) { id fullName email } }`, variables: () => ({ id: customer.id }) };
  calls = [
    { who: 'customer', token: customerToken, query: `{ me { fullName email } }` },
    { who: 'customer', token: customerToken, query: `mutation { grantConsent(purpose: NEW_SERVICES) { status } }` },
    {
      who: 'customer',
      token: customerToken,
      query: `mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id } }`,
      variables: () => ({ input: { fullName: 'Aysel Quliyeva' } }),
    },
    { who: 'customer', token: customerToken, query: processors },
    { who: 'staff', token: staff, query: `{ customers(first: 2) { edges { node { id locale } } } }` },
    {
      who: 'staff',
      token: staff,
      query: `mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`,
      variables: () => ({ input: { email: `outage.signup${(signUps += 1)}@example.az`, fullName: 'Rəşad Həsənov' } }),
    },
    { who: 'staff', token: staff, query: processors },
    { who: 'analyst', token: analyst, query: processors },
    { who: 'privacy_officer', token: officer, ...personalRead },
    {
      who: 'privacy_officer',
      token: officer,
      query: `mutation ($id: UUID!) { grantProcessorTrust(id: $id) { id } }`,
      variables: () => ({ id: partner.id }),
    },
    { who: 'privacy_officer', token: officer, query: processors },
    { who: 'affiliate', token: affiliate, query: `query ($id: UUID!) { customer(id: $id) { id email } }`, variables: () => ({ id: customer.id }) },
    { who: 'affiliate', token: affiliate, query: processors },
  ];
});

afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const send = (call: Call) => postGraphQL(app.url, call.query, { token: call.token, variables: call.variables?.() });

/** `count` requests at once, cycling through every principal's calls. */
const load = (count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, i) => calls[i % calls.length]).map(async (call) => ({
      who: call.who,
      query: call.query,
      answer: await send(call),
    })),
  );

const served = (answer: HttpAnswer) => answer.status === 200 && answer.body.errors === undefined && answer.body.data !== undefined;

const anonymous = {
  vocabulary: () => postGraphQL(app.url, `{ purposes { code } }`),
  processors: () => postGraphQL(app.url, `{ processors { id } }`),
};

const health = async () => (await fetch(app.url.replace(/\/graphql$/, '/healthz'))).status;

describe('a database outage', () => {
  it('is preceded by every principal being served on every path', async () => {
    const answers = await load(calls.length);
    expect(answers.filter(({ answer }) => !served(answer))).toEqual([]);
    expect((await readiness(app.url)).status).toBe(200);
  });

  it('cuts off mutations in the middle of their transactions without leaving half of one written', async () => {
    const token = await app.customerToken(interrupted.id);
    // Each mutation needs a session of its own when the stop comes: open two at once first. Run alone, on a pool
    // with one session open, the second mutation did not reach the database before the first gave up on its lock.
    await Promise.all([1, 2].map(() => app.dataSource.query('SELECT pg_sleep(0.05)')));
    const holder = new Client({ connectionString: database.url('privacy_hub') });
    // The stop ends this session too; its error is expected.
    holder.on('error', () => {});
    await holder.connect();
    await holder.query('BEGIN');
    // The grant writes its consent, then waits to write the consent's event; the profile update waits for the row.
    await holder.query('LOCK TABLE consent_event IN EXCLUSIVE MODE');
    await holder.query('SELECT 1 FROM customer WHERE id = $1 FOR UPDATE', [interrupted.id]);
    const grant = postGraphQL(app.url, `mutation { grantConsent(purpose: NEW_SERVICES) { status } }`, { token });
    const update = postGraphQL(app.url, `mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id } }`, {
      token,
      variables: { input: { fullName: 'Səbinə Əliyeva', email: 'sebine.eliyeva@example.az' } },
    });
    await waitUntil(
      async () =>
        (
          await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          )
        ).rows[0].waiting === 2,
      'both mutations to wait inside their transactions',
    );

    await database.stop();

    expect(await grant).toEqual(SERVICE_UNAVAILABLE_ANSWER);
    expect(await update).toEqual(SERVICE_UNAVAILABLE_ANSWER);
    await holder.end().catch(() => undefined);

    // Checked here, with the database back, rather than in a later test that would pass just as well run alone,
    // when no mutation was ever cut off.
    await database.start();
    const [profile] = (await app.dataSource.query(`SELECT full_name, email FROM customer WHERE id = $1`, [interrupted.id])) as Array<{
      full_name: string;
      email: string;
    }>;
    expect(profile).toEqual({ full_name: interrupted.fullName, email: interrupted.email });
    expect(await app.dataSource.query(`SELECT id FROM consent WHERE customer_id = $1`, [interrupted.id])).toEqual([]);
    expect(
      await app.dataSource.query(`SELECT c.id FROM consent c WHERE NOT EXISTS (SELECT 1 FROM consent_event e WHERE e.consent_id = c.id)`),
    ).toEqual([]);
  });

  describe('while it lasts', () => {
    let anonymousWhenUp: { vocabulary: HttpAnswer; processors: HttpAnswer };

    beforeAll(async () => {
      anonymousWhenUp = { vocabulary: await anonymous.vocabulary(), processors: await anonymous.processors() };
      await database.stop();
    });

    it('answers 50 requests at once from every principal 503 SERVICE_UNAVAILABLE with Retry-After and no data', async () => {
      logged.length = 0;
      const answers = await load(50);
      expect(answers.filter(({ answer }) => JSON.stringify(answer) !== JSON.stringify(SERVICE_UNAVAILABLE_ANSWER))).toEqual([]);
      expect(new Set(answers.map(({ who }) => who))).toEqual(new Set(['customer', 'staff', 'analyst', 'privacy_officer', 'affiliate']));
      // An outage is not a bug: one warning per failed request, with the reason and no stack.
      expect(logged.filter((line) => line.level >= 50 || line.err !== undefined)).toEqual([]);
      expect(logged.filter((line) => line.msg === 'database unavailable; answered 503').length).toBe(50);
    });

    it('answers the anonymous principal as when the database is up: nothing it may ask needs the database', async () => {
      expect(anonymousWhenUp.vocabulary.status).toBe(200);
      expect(await anonymous.vocabulary()).toEqual(anonymousWhenUp.vocabulary);
      expect(await anonymous.processors()).toEqual(anonymousWhenUp.processors);
      expect(anonymousWhenUp.processors.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('keeps /healthz up and /readyz saying the database is unreachable', async () => {
      expect(await health()).toBe(200);
      expect(await readiness(app.url)).toEqual({
        status: 503,
        body: expect.objectContaining({ status: 'unavailable', alerts: ['database: unreachable within 1000 ms (ECONNREFUSED)'] }),
      });
    });

    it('ends when the database is back: the same requests succeed without restarting the server', async () => {
      await database.start();

      const answers = await load(calls.length);
      expect(answers.filter(({ answer }) => !served(answer))).toEqual([]);
      // The officer's reads are audited; the sequencer's own session comes back too and seals them.
      expect(await app.sealAuditLog()).toBeGreaterThan(0);
      expect(await readiness(app.url)).toMatchObject({ status: 200, body: { status: 'ready', alerts: [] } });
    });
  });
});

describe('a shield rule that cannot load its facts', () => {
  const info = { parentType: { name: 'Customer' }, fieldName: 'email' } as GraphQLResolveInfo;
  const options = { debug: false, allowExternalErrors: true, fallbackRule: undefined, fallbackError: undefined, hashFunction: () => '' };
  const failingWith = (error: Error) => ({ decisions: { decide: () => Promise.reject(error) } }) as unknown as Context;
  const rule = canReadPersonalField('contact.email');

  it('answers SERVICE_UNAVAILABLE when the database is unavailable, not the FORBIDDEN a denial answers', async () => {
    const shutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    const result = await rule.resolve({ id: 'c', erasedAt: null }, {}, failingWith(shutdown) as never, info, options as never);
    expect(result).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
  });

  it('still denies on any other failure', async () => {
    const bug = new TypeError('undefined is not a function');
    expect(await rule.resolve({ id: 'c', erasedAt: null }, {}, failingWith(bug) as never, info, options as never)).toBe(false);
  });
});
