import http from 'node:http';

/** A request as it goes on the wire: anything, including what no well-behaved client sends. */
export interface RawRequest {
  method: string;
  /** Path and query string, e.g. /graphql?query=... */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export type RawResponse = { answered: true; status: number; contentType: string; body: string } | { answered: false; error: string };

/** Sends requests to one server over kept-alive connections; a request not answered within `timeoutMs` is given up. */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly origin: URL;

  constructor(
    serverUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.origin = new URL(serverUrl);
  }

  send(request: RawRequest): Promise<RawResponse> {
    return new Promise((resolve) => {
      const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
      const outgoing = http.request(
        {
          agent: this.agent,
          host: this.origin.hostname,
          port: this.origin.port,
          method: request.method,
          path: request.path,
          headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              answered: true,
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'] ?? '',
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', (error) => resolve({ answered: false, error: `response broke off: ${error.message}` }));
        },
      );
      outgoing.setTimeout(this.timeoutMs, () => outgoing.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      outgoing.on('error', (error) => resolve({ answered: false, error: error.message }));
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A GraphQL POST as a client sends it. */
export function graphqlPost(path: string, body: unknown, headers: Record<string, string> = {}): RawRequest {
  return { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
