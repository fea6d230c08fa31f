import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Request } from 'express';
import { GraphQLError } from 'graphql';
import type { Principal } from './auth/principal';
import { ErrorCode } from './common/errors';
import type { Context } from './context';
import { corsFor } from './http/cors';
import { DEFAULT_EDGE_SETTINGS, type EdgeSettings } from './http/edge-settings';
import { createErrorFormatter } from './http/format-error';
import { graphqlHandler } from './http/graphql-handler';
import { jsonErrorHandler, notFound } from './http/http-errors';
import { operationLimits } from './http/limits/operation-limits';
import { RequestRateLimits } from './http/rate-limits';
import { apiSecurityHeaders, pageSecurityHeaders } from './http/security-headers';
import { lifetimeOf, longRunningOperations, requestLifetimes } from './http/request-lifetime';
import { readiness } from './http/readiness';
import { graphiqlRoutes } from './http/graphiql';
import { cabinetRoutes, DEMO_SIGN_IN_PATH } from './http/cabinet';
import { cabinetDemoSignIn } from './http/cabinet-demo-sign-in';
import { auditFlushPlugin } from './http/plugins/audit-flush';
import { refusalLogPlugin } from './http/plugins/refusal-log';
import { serviceUnavailablePlugin } from './http/plugins/service-unavailable';
import { noEchoPlugin } from './http/plugins/no-echo';
import { introspectionByPrincipal, suggestionsByPrincipalPlugin } from './http/plugins/schema-disclosure';
import { supportedOperations } from './http/plugins/supported-operations';
import { admissionPlugin } from './http/plugins/admission';
import { trustedDocuments } from './http/plugins/trusted-documents';
import { createLoaders } from './loaders';
import { AuditBuffer } from './modules/audit/audit-buffer';
import { RefusalBuffer } from './modules/refusals/refusal-buffer';
import { OperationNames } from './observability/operation-names';
import { observationOf, observeOperations, operationObservationPlugin } from './observability/operation-observation';
import { requestIds } from './observability/request-id';
import type { AuditSequencer } from './modules/audit/log/audit-sequencer';
import { ReadDecisions } from './policy/read-decisions';
import { PURPOSE_HEADER, resolveRequestPurpose } from './policy/request-purpose';
import { resolverContainer } from './resolvers';
import { buildExecutableSchema } from './schema';
import type { Services } from './services';
import { DEFAULT_DATABASE_SETTINGS } from './db/database-settings';

export interface ServerOptions {
  /** The instance's services, built by the composition root (src/services.ts). */
  services: Services;
  /** Operation limits, rate limits, the request deadline and HTTP timeouts; DEFAULT_EDGE_SETTINGS when omitted. */
  edge?: EdgeSettings;
  /** `/readyz`'s bound on reaching the database; DEFAULT_DATABASE_SETTINGS' when omitted. */
  readinessTimeoutMs?: number;
  /** Exact origins whose browser apps may call /graphql (src/http/cors.ts); none when omitted. */
  corsOrigins?: string[];
  /** Whether /cabinet offers the demo sign-in (config: CABINET_DEMO_SIGN_IN); off when omitted. */
  cabinetDemoSignIn?: boolean;
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  /** This instance's audit sequencer, which seals while it holds the lead. */
  sequencer: AuditSequencer;
  stop(): Promise<void>;
}

/** Wires the schema, the shield, Apollo and HTTP together and starts listening. */
export async function startServer({
  services,
  edge = DEFAULT_EDGE_SETTINGS,
  readinessTimeoutMs = DEFAULT_DATABASE_SETTINGS.readinessTimeoutMs,
  corsOrigins = [],
  cabinetDemoSignIn: demoSignIn = false,
  port,
  host = '127.0.0.1',
}: ServerOptions): Promise<RunningServer> {
  const app = express();
  // GraphQL answers are POSTed and personal: no client or proxy should revalidate them, so hashing each body is waste.
  app.set('etag', false);
  app.disable('x-powered-by');
  // Node checks the request and headers timeouts on this interval; its default (30 s) would let them overrun.
  const httpServer = http.createServer({ connectionsCheckingInterval: 1_000 }, app);
  httpServer.headersTimeout = edge.http.headersTimeoutMs;
  httpServer.requestTimeout = edge.http.requestTimeoutMs;
  httpServer.keepAliveTimeout = edge.http.keepAliveTimeoutMs;
  httpServer.maxConnections = edge.http.maxConnections;
  const rateLimits = new RequestRateLimits(edge.rateLimits);
  const { dataSource, logger, metrics, sequencer, cursorSeal, sealing } = services;
  const schema = await buildExecutableSchema(resolverContainer(services));
  const apollo = new ApolloServer<Context>({
    schema,
    // graphql-js's parser stops counting at the limit, so a huge document costs no more than a legitimate one.
    parseOptions: { maxTokens: edge.operations.maxTokens },
    // Answered per principal by introspectionByPrincipal (src/http/plugins/schema-disclosure.ts).
    introspection: true,
    // A malformed persistedQuery extension would reach Apollo's cache as an internal error; nothing here uses APQ.
    persistedQueries: false,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // main.ts handles SIGINT/SIGTERM and stops the database after the server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the default cache-control plugin would instrument every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      admissionPlugin([
        supportedOperations(schema),
        operationLimits(schema, edge.operations),
        introspectionByPrincipal(schema),
        trustedDocuments(services.trustedDocuments),
        longRunningOperations(edge.longRequestDeadlineMs),
      ]),
      suggestionsByPrincipalPlugin(),
      noEchoPlugin(edge.operations.maxTokens),
      serviceUnavailablePlugin(),
      auditFlushPlugin(services.auditWrites),
      refusalLogPlugin(services.refusedReads),
      operationObservationPlugin(),
    ],
  });
  await apollo.start();

  app.use(requestIds);
  app.use(apiSecurityHeaders);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness({ dataSource, sealing, timeoutMs: readinessTimeoutMs, logger }));
  // Aggregates only, no personal value; still, only the scraper should reach it (README: Operating it).
  app.get('/metrics', metrics.handler);
  const graphiql = graphiqlRoutes({ logger });
  app.use('/graphiql', pageSecurityHeaders, graphiql.router);
  // Like /graphiql: pages and their files, no CORS (same origin only) and no rate limit; the API they call has both.
  const cabinet = cabinetRoutes({ logger, demoSignIn });
  // Before the page's routes, so that its JSON answers keep the API's headers.
  if (demoSignIn) app.use(`/cabinet${DEMO_SIGN_IN_PATH}`, cabinetDemoSignIn({ dataSource, signCustomerToken: services.signCustomerToken }));
  app.use('/cabinet', pageSecurityHeaders, cabinet.router);
  app.use(
    '/graphql',
    // First: a preflight is answered (204) before it could be rate-limited or fail body parsing, and is no operation.
    corsFor(corsOrigins),
    observeOperations({ metrics, logger, names: OperationNames.ofShippedOperations() }),
    // Answers may hold personal data: no browser or proxy may keep a copy.
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    rateLimits.middleware(),
    requestLifetimes(edge.requestDeadlineMs),
    express.json({ limit: edge.http.maxBodyBytes }),
    graphqlHandler(apollo, async ({ req, res }): Promise<Context> => {
      const observation = observationOf(res);
      const { requestId } = observation;
      const loaders = createLoaders(dataSource);
      const principal = await authenticated(req, rateLimits, (authorization) => services.authenticate(authorization, loaders));
      const purpose = requestPurpose(principal, req.header(PURPOSE_HEADER));
      return {
        principal,
        loaders,
        requestId,
        purpose,
        decisions: new ReadDecisions(principal, purpose, loaders, metrics.recordDecision),
        audit: new AuditBuffer(),
        refusals: new RefusalBuffer(principal),
        lifetime: lifetimeOf(res),
        cursorSeal,
        dataSource,
        logger: logger.child({ requestId }),
        observation,
      };
    }),
  );
  app.use(notFound);
  app.use(jsonErrorHandler(logger));

  // once() rejects on 'error': a port in use fails start-up with Node's listen error instead of crashing the process.
  httpServer.listen(port, host);
  await once(httpServer, 'listening');
  sequencer.start();
  const { port: boundPort } = httpServer.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}/graphql`,
    sequencer,
    stop: async () => {
      // After Apollo: the last requests' audit rows are queued by then, and whatever one batch cannot take is
      // sealed by the next leader.
      await apollo.stop();
      await sequencer.stop();
      await Promise.all([graphiql.close(), cabinet.close()]);
    },
  };
}

/** The request's principal; a rejected token counts against its address's failed-authentication quota. */
async function authenticated(
  req: Request,
  rateLimits: RequestRateLimits,
  authenticate: (authorization: string | undefined) => Promise<Principal>,
): Promise<Principal> {
  try {
    return await authenticate(req.headers.authorization);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED) {
      rateLimits.recordFailedAuthentication(req);
    }
    throw error;
  }
}

/** The request's purpose; a purpose the token does not cover fails the whole request (403), before any field. */
function requestPurpose(principal: Principal, header: string | undefined) {
  const resolution = resolveRequestPurpose(principal, header);
  if (resolution.ok) return resolution.purpose;
  const status = resolution.code === 'PURPOSE_NOT_ALLOWED' ? 403 : 400;
  throw new GraphQLError(resolution.message, { extensions: { code: resolution.code, http: { status } } });
}
