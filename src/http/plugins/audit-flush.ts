import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ErrorCode } from '../../common/errors';
import type { Context } from '../../context';
import { RETRY_AFTER_HEADER, RETRY_AFTER_SECONDS } from '../../db/unavailable';
import type { AuditService } from '../../modules/audit/audit.service';

/**
 * Writes the request's personal-field reads to the audit log before the response leaves, in one statement.
 * If the write fails, the response is replaced: personal data is never returned unaudited.
 */
export function auditFlushPlugin(audit: AuditService): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async willSendResponse({ contextValue, response }) {
      // Past the deadline (the client already has its 503) or with the client gone, the answer will not be
      // delivered: no audit row for a read no one receives, and no data left in the body to be sent by mistake.
      if (contextValue.lifetime.abandoned) {
        response.body = {
          kind: 'single',
          singleResult: { errors: [{ message: 'The request was abandoned.', extensions: { code: ErrorCode.DEADLINE_EXCEEDED } }] },
        };
        return;
      }
      const events = contextValue.audit.pending();
      if (events.length === 0) return;
      try {
        await audit.write({
          requestId: contextValue.requestId,
          principal: contextValue.principal,
          purpose: contextValue.purpose,
          occurredAt: new Date(),
          events,
        });
      } catch (error) {
        contextValue.logger.error({ err: error }, 'audit write failed; response withheld');
        response.http.status = 503;
        response.http.headers.set(RETRY_AFTER_HEADER, String(RETRY_AFTER_SECONDS));
        response.body = {
          kind: 'single',
          singleResult: {
            errors: [
              {
                message: 'The read could not be recorded in the audit log, so no data is returned. Try again later.',
                extensions: { code: ErrorCode.AUDIT_UNAVAILABLE },
              },
            ],
          },
        };
      }
    },
  };
  return { requestDidStart: async () => listener };
}
