import type { IncomingMessage } from 'node:http';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry traces, configured by the standard OTEL_* variables and started only when they ask for an
 * exporter. These variables are read here, not in config.ts: the SDK reads them itself (endpoint, protocol,
 * headers, sampler, service name...), and it must be running before the modules it instruments are loaded,
 * that is before anything else, configuration included.
 */

type Environment = Record<string, string | undefined>;

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';
const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Whether the variables configure a trace exporter: an OTLP endpoint, or OTEL_TRACES_EXPORTER other than `none`. */
export function tracingRequested(env: Environment): boolean {
  if (isTrue(env.OTEL_SDK_DISABLED)) return false;
  const exporters = listOf(env.OTEL_TRACES_EXPORTER);
  if (exporters.length > 0) return !(exporters.length === 1 && exporters[0] === 'none');
  return listOf(env.OTEL_EXPORTER_OTLP_ENDPOINT).length > 0 || listOf(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).length > 0;
}

const namesService = (env: Environment) => Boolean(env.OTEL_SERVICE_NAME) || (env.OTEL_RESOURCE_ATTRIBUTES ?? '').includes('service.name=');

/** The probes' and the scraper's paths: a span every few seconds for each would bury the operations. */
const UNTRACED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
const untraced = (request: IncomingMessage) => UNTRACED_PATHS.has((request.url ?? '').split('?', 1)[0]);

/** GraphQL over HTTP's query parameters (a GET): the document and the variables may hold personal values. */
const GRAPHQL_QUERY_PARAMETERS = ['query', 'variables', 'operationName', 'extensions'];

/**
 * Starts the SDK with the http, express, pg and graphql instrumentations when `env` asks for traces; null
 * otherwise, and then nothing of OpenTelemetry is even loaded. Traces only: metrics are Prometheus' (/metrics)
 * and logs are pino's lines, so OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER are not honoured.
 */
export function startTracing(env: Environment): NodeSDK | null {
  if (!tracingRequested(env)) return null;
  // Synchronous requires, and only here: the instrumentations patch http, express, pg and graphql when those are
  // first required, which is right after this module in main.ts.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK: Sdk } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new Sdk({
    // This option would override OTEL_SERVICE_NAME: given only when the operator named no service.
    serviceName: namesService(env) ? undefined : 'privacy-hub',
    // Empty rather than left out: left out, the SDK would start OTLP metric and log exporters too.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: untraced, redactedQueryParamsServer: GRAPHQL_QUERY_PARAMETERS }),
      // For the route it gives the HTTP span (http.route); /graphql's handlers are middleware, mostly anonymous,
      // whose spans would only split the HTTP span's time into unnamed pieces.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Statement text with its $n placeholders, never the parameters; and no spans for the background jobs'
      // polling outside any request.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      // Literals in the document are replaced by `*` (allowValues: false), variables are never attributes, and no
      // span per resolved field: a page of customers would be hundreds of them, each naming a personal field.
      new GraphQLInstrumentation({ allowValues: false, ignoreResolveSpans: true }),
    ],
  });
  sdk.start();
  return sdk;
}
