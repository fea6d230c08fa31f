import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../../context';
import type { RefusedReadService } from '../../modules/refusals/refused-read.service';

/**
 * Writes the personal-field reads a recipient was refused, for the customer to see (Customer.refusedReads), once the
 * response is ready. A failed write is logged and the answer left as it is: it holds none of the refused data, so
 * there is nothing to withhold (the audit flush, which guards data that was returned, fails closed instead).
 */
export function refusalLogPlugin(refusedReads: RefusedReadService): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async willSendResponse({ contextValue }) {
      const { processorId } = contextValue.refusals;
      const pending = contextValue.refusals.pending();
      if (processorId === null || pending.length === 0) return;
      try {
        await refusedReads.write({
          requestId: contextValue.requestId,
          processorId,
          purpose: contextValue.purpose,
          occurredAt: new Date(),
          refusals: pending,
        });
      } catch (error) {
        contextValue.logger.error({ err: error }, 'refused reads not recorded');
      }
    },
  };
  return { requestDidStart: async () => listener };
}
