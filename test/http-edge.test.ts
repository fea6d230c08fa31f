import net from 'node:net';
import { startTestApp, TEST_EDGE, type TestApp } from './support/test-app';

/** The HTTP layer: one JSON error shape without stack or path, safe headers, and clients that cannot hold the server. */

let app: TestApp;

const HTTP_LIMITS = {
  ...TEST_EDGE.http,
  headersTimeoutMs: 500,
  requestTimeoutMs: 1_000,
  keepAliveTimeoutMs: 500,
  maxConnections: 20,
  maxBodyBytes: 10_000,
};

beforeAll(async () => {
  app = await startTestApp({ edge: { ...TEST_EDGE, http: HTTP_LIMITS } });
});
afterAll(() => app.close());

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function post(body: string | Uint8Array, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(app.url, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The one shape, with no trace of the server's insides. */
function expectJsonError(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
  expect(answer.text).not.toMatch(/\s+at \S+ \(|node_modules|\/work\/|\.ts:\d|<html|<pre/i);
}

describe('errors at the HTTP layer are JSON', () => {
  it('malformed JSON: 400 BAD_REQUEST, the body not quoted back', async () => {
    const answer = await post('{"query": "{ purposes { code } }", secret-value', { 'content-type': 'application/json' });
    expectJsonError(answer, 400, 'BAD_REQUEST');
    expect(answer.text).not.toContain('secret-value');
  });

  it('an unsupported charset: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectJsonError(
      await post('{"query":"{ purposes { code } }"}', { 'content-type': 'application/json; charset=koi8-r' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('an unsupported content encoding: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectJsonError(
      await post('{"query":"{ purposes { code } }"}', { 'content-type': 'application/json', 'content-encoding': 'x-unknown' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('a body over the limit: 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ purposes { code } } # ${'x'.repeat(HTTP_LIMITS.maxBodyBytes)}`;
    expectJsonError(await post(JSON.stringify({ query }), { 'content-type': 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unknown path: 404 NOT_FOUND', async () => {
    const response = await fetch(new URL('/no-such-thing', app.url));
    expectJsonError({ status: response.status, headers: response.headers, text: await response.text() }, 404, 'NOT_FOUND');
  });
});

describe('headers', () => {
  it('/graphql answers with nosniff and without X-Powered-By', async () => {
    const answer = await post(JSON.stringify({ query: '{ purposes { code } }' }), { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('the GraphiQL page gets the headers of an HTML page, and a CSP of its own', async () => {
    const response = await fetch(new URL('/graphiql', app.url));
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/nonce-/);
  });

  it('an error page has them too', async () => {
    const response = await fetch(new URL('/no-such-thing', app.url));
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

/** A raw connection to the server; resolves with what it received once the server closed it. */
function rawConnection(): { socket: net.Socket; closed: Promise<string> } {
  const { port } = new URL(app.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  return { socket, closed };
}

describe('slow and idle clients', () => {
  it('a client that sends its headers but never its body is answered 408 and disconnected', async () => {
    const { socket, closed } = rawConnection();
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a client that never finishes its headers is disconnected', async () => {
    const { socket, closed } = rawConnection();
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(await closed).toMatch(/^(HTTP\/1\.1 408|)/);
    expect(socket.destroyed).toBe(true);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { socket, closed } = rawConnection();
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await closed).toMatch(/^HTTP\/1\.1 200/);
  });

  it(`connections past the cap (${HTTP_LIMITS.maxConnections}) are closed as they arrive, and the server answers again once they go`, async () => {
    const held = Array.from({ length: HTTP_LIMITS.maxConnections }, () => rawConnection());
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
    // Give the server the moment to accept them all.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = rawConnection();
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await extra.closed).toBe('');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    const response = await fetch(new URL('/healthz', app.url));
    expect(response.status).toBe(200);
  });
});
