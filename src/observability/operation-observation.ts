import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import type { Context } from '../context';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';
import type { OperationNames } from './operation-names';
import { answerFacts } from './operation-outcome';
import { logFields, type OperationReport } from './operation-report';
import { requestIdOf } from './request-id';

/** What one request to /graphql is reported from, gathered as it runs. Lives on the request's context. */
export class OperationObservation {
  readonly startedAt = performance.now();
  /** Apollo's request once its pipeline started (not for a request refused before): its operation and principal. */
  request: GraphQLRequestContext<Context> | undefined;
  /** The body as it was sent, whoever sent it: Apollo, or an HTTP-layer refusal (rate limit, body, deadline). */
  sentBody: string | undefined;

  constructor(readonly requestId: string) {}
}

const OBSERVATION = Symbol('operation observation');

export function observationOf(res: Response): OperationObservation {
  const observation = (res.locals as Record<symbol, OperationObservation | undefined>)[OBSERVATION];
  if (!observation) throw new Error('observeOperations() must run before the GraphQL handler');
  return observation;
}

/** Hands Apollo's request to the observation; no listener, so a request costs no hook calls. */
export function operationObservationPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart(request) {
      request.contextValue.observation.request = request;
    },
  };
}

export interface OperationObserverOptions {
  metrics: Metrics;
  logger: Logger;
  names: OperationNames;
}

/**
 * The first handler of /graphql: once the request is over (answered, or left by its client), counts it in the
 * metrics and logs its one line. It reads the answer the client was actually sent, so a refusal that never reached
 * Apollo (rate limit, unreadable body, bad token) or overtook it (the deadline's 503) is reported as such.
 */
export function observeOperations({ metrics, logger, names }: OperationObserverOptions): RequestHandler {
  return (_req, res, next) => {
    const observation = new OperationObservation(requestIdOf(res));
    (res.locals as Record<symbol, OperationObservation>)[OBSERVATION] = observation;
    // Every answer goes through res.send (res.json calls it with the text): the one place that sees them all.
    const send = res.send;
    res.send = function sendObserved(this: Response, body: unknown) {
      if (typeof body === 'string') observation.sentBody = body;
      return send.call(this, body);
    };
    res.once('close', () => {
      const report = operationReport(observation, res, names);
      metrics.recordOperation({ ...report, durationSeconds: report.durationMs / 1000 });
      logger.info(logFields(report), 'graphql operation');
    });
    next();
  };
}

function operationReport(observation: OperationObservation, res: Response, names: OperationNames): OperationReport {
  const operation = observation.request?.operation;
  return {
    requestId: observation.requestId,
    principal: observation.request?.contextValue.principal,
    operation: names.label(operation?.name?.value),
    type: operation?.operation ?? 'unknown',
    durationMs: performance.now() - observation.startedAt,
    status: res.headersSent ? res.statusCode : null,
    ...answerFacts(res.writableFinished ? observation.sentBody : undefined),
  };
}
