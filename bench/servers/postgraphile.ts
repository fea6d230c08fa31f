import './promise-polyfill';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { serve } from './child';

/**
 * The peer: PostGraphile 5 with the Amber preset over the same database, in production mode (GRAPHILE_ENV is set
 * by the parent before this process starts), GraphiQL and watch mode off, a pool of the same size as ours.
 */
serve(async ({ databaseUrl, poolSize }) => {
  if (process.env.GRAPHILE_ENV !== 'production') throw new Error('GRAPHILE_ENV must be "production"');
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: databaseUrl, schemas: ['public'], poolConfig: { max: poolSize } })],
    grafserv: { graphiql: false, watch: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  // Builds the schema now, so that the first request the bench checks is not the one paying for introspection.
  await pgl.getSchema();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pgl.release();
    },
  };
});
