import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolState } from '../db/bounded-pool';
import type { AuditWriteRecorder } from '../modules/audit/audit.service';
import type { Decision } from '../policy/decide';
import type { Outcome } from './operation-outcome';

/** One operation as the metrics count it; every label comes from a bounded set (see OperationNames and answerFacts). */
export interface OperationMetric {
  operation: string;
  type: string;
  outcome: Outcome;
  durationSeconds: number;
}

/**
 * The server's Prometheus metrics, served at `GET /metrics`. A registry of its own per server, not prom-client's
 * global one, so that several servers in one process (the tests) each count their own. No label carries a personal
 * value, a customer id or any text a caller chose: operations are named from a fixed set, decisions by their
 * basis or refusal reason, errors by their code.
 */
export class Metrics {
  private readonly registry = new Registry();
  private readonly operations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly durations: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly decisions: Counter<'outcome' | 'reason'>;

  /** Counts the personal-field decisions of ReadDecisions, by outcome and basis or reason, never by customer. */
  readonly recordDecision: (decision: Decision) => void;
  /** Counts AuditService's writes. */
  readonly auditWrites: AuditWriteRecorder;

  /** `pool`: the request pool's counts, read at each scrape. */
  constructor(pool: () => PoolState | null) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const operationLabels = ['operation', 'type', 'outcome'] as const;
    this.operations = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests, by operation (a known name or "other"), type and outcome (ok, partial, error:<CODE>, aborted).',
      labelNames: operationLabels,
      registers,
    });
    this.durations = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from the request reaching /graphql to its answer sent, by operation, type and outcome.',
      labelNames: operationLabels,
      registers,
    });
    this.decisions = new Counter({
      name: 'policy_decisions_total',
      help: 'Personal-field read decisions (one per customer and data category per request), by outcome and basis or refusal reason.',
      labelNames: ['outcome', 'reason'] as const,
      registers,
    });
    const auditEvents = new Counter({
      name: 'audit_events_written_total',
      help: 'Audit events written (a customer read on one basis in one request).',
      registers,
    });
    const auditFailures = new Counter({
      name: 'audit_write_failures_total',
      help: "Audit writes that failed; each withheld its request's answer.",
      registers,
    });
    new Gauge({
      name: 'db_pool_connections',
      help: 'The request pool: connections idle and busy, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const state = pool();
        if (state === null) return;
        this.set({ state: 'idle' }, state.idle);
        this.set({ state: 'busy' }, state.total - state.idle);
        this.set({ state: 'waiting' }, state.waiting);
      },
    });

    this.recordDecision = (decision) => {
      this.decisions.inc(decision.allowed ? { outcome: 'allowed', reason: decision.basis.kind } : { outcome: 'denied', reason: decision.reason });
    };
    this.auditWrites = {
      written: (events) => auditEvents.inc(events),
      failed: () => auditFailures.inc(),
    };
  }

  recordOperation({ operation, type, outcome, durationSeconds }: OperationMetric): void {
    const labels = { operation, type, outcome };
    this.operations.inc(labels);
    this.durations.observe(labels, durationSeconds);
  }

  /** `GET /metrics`, in Prometheus' text format. */
  readonly handler: RequestHandler = async (_req, res) => {
    res.set({ 'Content-Type': this.registry.contentType, 'Cache-Control': 'no-store' });
    res.send(await this.registry.metrics());
  };
}
