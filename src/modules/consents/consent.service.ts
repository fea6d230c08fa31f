import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { apiError, ErrorCode } from '../../common/errors';
import { CURRENT_POLICY_VERSION } from '../../policy/controller';
import type { PurposeCode } from '../../policy/purposes';
import { lockCustomerForChange } from '../customers/customer-lookup';
import { Processor, ProcessorPurpose } from '../processors/processor.entity';
import { Consent, ConsentEvent } from './consent.entity';
import { ConsentSource, ConsentStatus } from './consent.enums';

export interface ConsentTarget {
  customerId: string;
  purposeCode: PurposeCode;
  processorId: string | null;
}

/** The state of one consent at a past moment, as the events say. */
export interface ConsentSnapshotRow {
  consentId: string;
  purposeCode: PurposeCode;
  processorId: string | null;
  status: ConsentStatus;
  since: Date;
  source: ConsentSource;
  policyVersion: string;
}

export class ConsentService {
  constructor(private readonly dataSource: DataSource) {}

  /** Grants (or re-affirms, under the current policy version) a consent, and writes its event. */
  grant(target: ConsentTarget, source: ConsentSource, actor: Actor): Promise<Consent> {
    return this.dataSource.transaction(async (manager) => {
      await lockCustomerForChange(manager, target.customerId);
      if (target.processorId !== null) await requireRecipientFor(manager, target.processorId, target.purposeCode);
      return recordChange(manager, target, ConsentStatus.GRANTED, source, actor);
    });
  }

  /**
   * Withdraws a consent that exists; takes effect on the very next request (nothing caches consents).
   * Withdrawing one already withdrawn changes nothing and writes no event: it has had that status since then.
   */
  withdraw(target: ConsentTarget, source: ConsentSource, actor: Actor): Promise<Consent> {
    return this.dataSource.transaction(async (manager) => {
      await lockCustomerForChange(manager, target.customerId);
      const existing = await manager.findOne(Consent, {
        where: { customerId: target.customerId, purposeCode: target.purposeCode, processorId: target.processorId ?? IsNull() },
      });
      if (existing === null) throw apiError(ErrorCode.CONSENT_NOT_FOUND, 'There is no such consent to withdraw.');
      if (existing.status === ConsentStatus.WITHDRAWN) return existing;
      return recordChange(manager, target, ConsentStatus.WITHDRAWN, source, actor);
    });
  }

  /** Each consent's state at `at`, from the append-only events (the consent rows hold only the present). */
  async stateAt(customerId: string, at: Date): Promise<ConsentSnapshotRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (e.consent_id) e.consent_id, c.purpose_code, c.processor_id, e.status, e.occurred_at, e.source, e.policy_version
       FROM consent c JOIN consent_event e ON e.consent_id = c.id
       WHERE c.customer_id = $1 AND e.occurred_at <= $2
       ORDER BY e.consent_id, e.occurred_at DESC, e.id DESC`,
      [customerId, at],
    )) as Array<Record<string, string | Date | null>>;
    return rows
      .map((row) => ({
        consentId: row.consent_id as string,
        purposeCode: row.purpose_code as PurposeCode,
        processorId: row.processor_id as string | null,
        status: row.status as ConsentStatus,
        since: row.occurred_at as Date,
        source: row.source as ConsentSource,
        policyVersion: row.policy_version as string,
      }))
      .sort((a, b) => a.purposeCode.localeCompare(b.purposeCode) || (a.processorId ?? '').localeCompare(b.processorId ?? ''));
  }
}

/** A consent can name only an active processor that may be used for the purpose at all. */
export async function requireRecipientFor(manager: EntityManager, processorId: string, purposeCode: PurposeCode): Promise<void> {
  const processor = await manager.findOneBy(Processor, { id: processorId });
  if (processor === null) throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
  if (!processor.active) throw apiError(ErrorCode.PROCESSOR_INACTIVE, 'That processor is not active.');
  if (!(await manager.existsBy(ProcessorPurpose, { processorId, purposeCode }))) {
    throw apiError(ErrorCode.PURPOSE_NOT_ALLOWED, `That processor may not be used for ${purposeCode}.`);
  }
}

/** How a consent was given, kept with its event: the policy text shown, in which language, when, where. */
export interface ConsentEvidence {
  policyVersion: string;
  language: string;
  shownAt: Date;
  channel: string;
}

/** Writes the consent's new state and its event in the caller's transaction. */
export async function recordChange(
  manager: EntityManager,
  target: ConsentTarget,
  status: ConsentStatus,
  source: ConsentSource,
  actor: Actor,
  evidence?: ConsentEvidence,
): Promise<Consent> {
  const now = new Date();
  const policyVersion = evidence?.policyVersion ?? CURRENT_POLICY_VERSION;
  const [row] = (await manager.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT consent_one_per_recipient DO UPDATE SET
       status = excluded.status, status_changed_at = excluded.status_changed_at, source = excluded.source,
       policy_version = excluded.policy_version, updated_at = now()
     RETURNING id`,
    [target.customerId, target.purposeCode, target.processorId, status, now, source, policyVersion],
  )) as Array<{ id: string }>;
  await manager.insert(ConsentEvent, {
    consentId: row.id,
    status,
    source,
    policyVersion,
    occurredAt: now,
    actor,
    evidence: evidence ? { policyVersion, language: evidence.language, shownAt: evidence.shownAt.toISOString(), channel: evidence.channel } : null,
  });
  return manager.findOneByOrFail(Consent, { id: row.id });
}
