import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/tokens';
import { createDataSource } from '../src/db/data-source';
import { tracingRequested } from '../src/observability/tracing';
import { insertCustomer, type CustomerRow } from './support/fixtures';
import { startHub, type HubProcess } from './support/hub-process';
import { waitUntil } from './support/http-answer';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * With the standard OTEL_* variables naming an OTLP endpoint, `npm start` exports traces of each operation (the
 * HTTP request, the GraphQL operation, its SQL statements) and none of them holds a personal value; without them,
 * nothing of OpenTelemetry is loaded.
 */

/** The inherited environment without any OTEL_* variable, so that only what a test sets counts. */
function environmentWithoutOtel(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
}

interface OtlpSpan {
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

/** An OTLP/HTTP receiver on 127.0.0.1 that keeps every body POSTed to /v1/traces. */
async function startReceiver() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans: (): Array<OtlpSpan & { scope: string }> =>
      bodies.flatMap((body) =>
        (JSON.parse(body) as OtlpExport).resourceSpans.flatMap((resource) =>
          resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => ({ ...span, scope: scope.scope.name }))),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stops the server's process group, by force if it does not stop in time. */
async function stopHub(hub: HubProcess | undefined): Promise<void> {
  if (!hub?.running()) return;
  process.kill(-hub.pid, 'SIGTERM');
  const timer = setTimeout(() => hub.running() && process.kill(-hub.pid, 'SIGKILL'), 10_000);
  await hub.exited;
  clearTimeout(timer);
}

describe('OpenTelemetry traces, with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let database: TestDatabase;
  let dataDir: string;
  let hub: HubProcess | undefined;
  let url: string;
  let customer: CustomerRow;
  const jwtSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    receiver = await startReceiver();
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'privacy-hub-tracing-'));
    const dataSource = createDataSource({ url: database.url, poolSize: 1 });
    await dataSource.initialize();
    try {
      customer = await insertCustomer(dataSource, {
        email: 'rauf.izlemeli@example.az',
        phone: '+994703318264',
        fullName: 'Rauf İzləməli',
        dateOfBirth: '1986-05-14',
        street: 'Təbriz küçəsi 58',
        city: 'Sumqayıt',
        postalCode: 'AZ5008',
      });
    } finally {
      await dataSource.destroy();
    }

    hub = startHub(
      dataDir,
      {
        DATABASE_URL: database.url,
        JWT_SECRET: jwtSecret,
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Export every 100 ms rather than every 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      45_000,
    );
    url = await hub.ready;
  }, 60_000);

  afterAll(async () => {
    await stopHub(hub);
    await receiver?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('exports the HTTP request, the GraphQL operation and its SQL, with no personal value anywhere', async () => {
    const token = await signToken({ role: 'privacy_officer', sub: 'privacy_officer:trace' }, new TextEncoder().encode(jwtSecret));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const fields = 'edges { node { id fullName email phone dateOfBirth address { street city postalCode } } }';
    // The personal value as a variable, as an inline literal, and in a GET's query string.
    const byVariable = `query CustomersByEmail($emailContains: String!) { customers(first: 5, filter: { emailContains: $emailContains }) { ${fields} } }`;
    const byLiteral = `query CustomersByEmail { customers(first: 5, filter: { emailContains: "${customer.email}" }) { ${fields} } }`;
    const answers = [
      await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: byVariable, variables: { emailContains: customer.email } }) }),
      await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: byLiteral }) }),
      await fetch(`${url}?${new URLSearchParams({ query: byVariable, variables: JSON.stringify({ emailContains: customer.email }) })}`, {
        headers: { authorization: headers.authorization, 'apollo-require-preflight': 'true' },
      }),
    ];
    for (const answer of answers) {
      const body = (await answer.json()) as { data: { customers: { edges: Array<{ node: { email: string } }> } } };
      expect(body.data.customers.edges.map((edge) => edge.node.email)).toEqual([customer.email]);
    }

    const operationSpans = () => receiver.spans().filter((span) => span.name === 'query CustomersByEmail');
    const requestSpans = () => receiver.spans().filter((span) => span.scope === '@opentelemetry/instrumentation-http');
    // An HTTP span ends once its answer has left, so it may come in a later export than its operation.
    await waitUntil(() => operationSpans().length === 3 && requestSpans().length === 3, 'the three requests to be exported');
    const spans = receiver.spans();
    const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((found) => found.key === key)?.value;
    // Each instrumentation patched its module: main.ts loads tracing before http, express, pg and graphql.
    const requests = requestSpans();
    expect(requests.map((span) => `${span.name} (route ${attribute(span, 'http.route')?.stringValue})`).sort()).toEqual([
      'GET /graphql (route /graphql)',
      'POST /graphql (route /graphql)',
      'POST /graphql (route /graphql)',
    ]);
    // The GET's query string is exported with the document and the variables redacted.
    expect(requests.map((span) => attribute(span, 'url.query')?.stringValue).filter(Boolean)).toEqual(['query=REDACTED&variables=REDACTED']);
    const statements = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-pg' && span.name.startsWith('pg.query:'));
    expect(statements.map((span) => attribute(span, 'db.query.text')?.stringValue)).toEqual(
      expect.arrayContaining([expect.stringContaining('FROM customer c'), expect.stringContaining('INSERT INTO audit_event')]),
    );
    // The literal in the document is exported as `*`.
    expect(operationSpans().map((span) => attribute(span, 'graphql.source')?.stringValue)).toContain(
      `query CustomersByEmail { customers(first: *  filter: { emailContains: "*" }) { ${fields} } }`,
    );
    const resource = (JSON.parse(receiver.bodies[0]) as OtlpExport).resourceSpans[0].resource;
    expect(resource.attributes).toEqual(expect.arrayContaining([{ key: 'service.name', value: { stringValue: 'privacy-hub' } }]));

    const exported = receiver.bodies
      .map((body) => JSON.stringify(JSON.parse(body)))
      .join('\n')
      .toLowerCase();
    for (const value of [customer.email, customer.phone, customer.fullName, customer.dateOfBirth, customer.street, customer.city, customer.id]) {
      expect(exported).not.toContain(value.toLowerCase());
    }
  });
});

describe('without OTEL_* variables', () => {
  /** What main.ts's first import does, in a process of its own: whether it started tracing, and what it loaded. */
  async function probe(env: NodeJS.ProcessEnv): Promise<{ started: boolean; loaded: number }> {
    const script = `const { tracing } = require('./src/observability/start-tracing');
      const loaded = Object.keys(require.cache).filter((file) => file.includes('@opentelemetry')).length;
      console.log(JSON.stringify({ started: tracing !== null, loaded }));
      process.exit(0);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return JSON.parse(output) as { started: boolean; loaded: number };
  }

  it('starts nothing and loads no OpenTelemetry module', async () => {
    expect(await probe(environmentWithoutOtel())).toEqual({ started: false, loaded: 0 });
  });

  it('(while the same probe sees the SDK loaded once an endpoint is set)', async () => {
    const withEndpoint = await probe({ ...environmentWithoutOtel(), OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(withEndpoint.started).toBe(true);
    expect(withEndpoint.loaded).toBeGreaterThan(0);
  });
});

describe('which variables ask for traces', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
    [{ OTEL_SERVICE_NAME: 'privacy-hub' }, false],
  ])('%j: %s', (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});
