import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { PAGE_SIZE, PAGE_SQL } from '../workload';
import { serve } from './child';

/**
 * The floor: node:http and one prepared statement in which PostgreSQL builds the whole JSON answer. No auth, no
 * GraphQL; it reads `variables.first` from the request body so that it still answers the request it is sent.
 */

function firstOf(body: string): number {
  const parsed = JSON.parse(body) as { variables?: { first?: unknown } };
  const first = parsed.variables?.first;
  return typeof first === 'number' && Number.isInteger(first) && first >= 1 && first <= 100 ? first : PAGE_SIZE;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function handler(pool: Pool): http.RequestListener {
  return (req, res) => {
    readBody(req)
      .then(async (body) => {
        // A named query is prepared once per connection, as PEERS.md's baseline does.
        const result = await pool.query<{ body: string }>({ name: 'customer-page', text: PAGE_SQL, values: [firstOf(body)] });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(result.rows[0].body);
      })
      .catch((error: unknown) => {
        console.error(error);
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"internal"}]}');
      });
  };
}

serve(async ({ databaseUrl, poolSize }) => {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  const server = http.createServer(handler(pool));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
});
