import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ErrorCode } from '../../common/errors';
import type { Context } from '../../context';
import { RETRY_AFTER_HEADER, RETRY_AFTER_SECONDS } from '../../db/unavailable';

/**
 * When any error of an answer is SERVICE_UNAVAILABLE (the database could not be reached or ran out of time,
 * wherever it happened: a rule, a resolver, a loader), the whole answer becomes HTTP 503 with Retry-After, one
 * error and no `data`: a half answer with fields nulled by the outage could be taken for a refusal.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async willSendResponse({ response }) {
      if (response.body.kind !== 'single') return;
      const unavailable = response.body.singleResult.errors?.find((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
      if (unavailable === undefined) return;
      response.http.status = 503;
      response.http.headers.set(RETRY_AFTER_HEADER, String(RETRY_AFTER_SECONDS));
      response.body.singleResult = { errors: [{ message: unavailable.message, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] };
    },
  };
  return { requestDidStart: async () => listener };
}
