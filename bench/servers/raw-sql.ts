import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { SQL_FLOORS, type SqlFloor } from '../sql-floor';
import { serve } from './child';

/**
 * The floor: node:http and one prepared statement per request in which PostgreSQL builds the whole JSON answer.
 * No auth, no GraphQL: the path picks the statement (sql-floor.ts), `variables` in the body its parameters.
 */

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function answer(pool: Pool, path: string, floor: SqlFloor, body: string): Promise<{ status: number; body: string }> {
  const variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
  const values = floor.params(variables);
  if (values === null) return { status: 400, body: '{"errors":[{"message":"bad variables"}]}' };
  // A named query is prepared once per connection.
  const result = await pool.query<{ body: string }>({ name: `floor${path.replace('/', '-')}`, text: floor.sql, values });
  return { status: 200, body: result.rows[0].body };
}

function handler(pool: Pool): http.RequestListener {
  return (req, res) => {
    const path = req.url ?? '';
    const floor = Object.hasOwn(SQL_FLOORS, path) ? SQL_FLOORS[path] : undefined;
    if (!floor) {
      res.writeHead(404).end();
      return;
    }
    readBody(req)
      .then((body) => answer(pool, path, floor, body))
      .then(({ status, body }) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body))
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
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
});
