import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import type { AuditLog } from '../modules/audit/log/audit-log';

/**
 * `/readyz`: 200 when this instance can serve, 503 with the alerts when not. An audit event that has waited longer
 * than the bound to be sealed is an alert: the sequencer is down, stuck or behind, and reads are no longer
 * covered by a signed checkpoint within the promised time.
 */
export function readiness(auditLog: AuditLog, logger: Logger): RequestHandler {
  return async (_req, res) => {
    try {
      const seal = await auditLog.sealStatus();
      const alerts = seal.withinBound
        ? []
        : [`audit: ${seal.unsealedEvents} events wait to be sealed, the oldest for ${Math.round(seal.oldestUnsealedSeconds ?? 0)} s (bound ${seal.lagBoundSeconds} s)`];
      res.status(alerts.length === 0 ? 200 : 503).json({
        status: alerts.length === 0 ? 'ready' : 'degraded',
        alerts,
        audit: {
          unsealedEvents: seal.unsealedEvents,
          oldestUnsealedSeconds: seal.oldestUnsealedSeconds,
          lagBoundSeconds: seal.lagBoundSeconds,
          latestTreeSize: seal.latestCheckpoint?.treeSize ?? 0,
        },
      });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', alerts: ['database: unreachable'] });
    }
  };
}
