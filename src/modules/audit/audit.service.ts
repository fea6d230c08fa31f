import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal';
import type { PurposeCode } from '../../policy/purposes';
import type { PendingAuditEvent } from './audit-buffer';

export interface AuditWrite {
  requestId: string;
  principal: Principal;
  purpose: PurposeCode | null;
  occurredAt: Date;
  events: readonly PendingAuditEvent[];
}

/** Told of every write's result; the server's metrics count them. */
export interface AuditWriteRecorder {
  written(events: number): void;
  failed(): void;
}

function actorSubject(principal: Principal): string {
  return principal.role === 'anonymous' ? 'anonymous' : principal.subject;
}

export class AuditService {
  /** `recorder`: told of each write (the server's metrics); the benchmarks write without one. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder?: AuditWriteRecorder,
  ) {}

  /**
   * One statement for the whole request. It takes no lock shared with other requests: the rows and their entries
   * in the sealing queue are new keys (see the SealedAuditLog migration); the sequencer seals them after commit.
   */
  async write(audited: AuditWrite): Promise<void> {
    if (audited.events.length === 0) return;
    try {
      await this.insert(audited);
    } catch (error) {
      this.recorder?.failed();
      throw error;
    }
    this.recorder?.written(audited.events.length);
  }

  private async insert({ requestId, principal, purpose, occurredAt, events }: AuditWrite): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, processor_id, purpose_code,
                                customer_id, basis, basis_id, fields)
       SELECT $1, $2, $3, $4, $5, $6, e.customer_id, e.basis, e.basis_id, e.fields
       FROM jsonb_to_recordset($7::jsonb) AS e(customer_id uuid, basis text, basis_id uuid, fields text[])`,
      [
        occurredAt,
        requestId,
        principal.role,
        actorSubject(principal),
        principal.role === 'affiliate' ? principal.processorId : null,
        purpose,
        JSON.stringify(events.map((e) => ({ customer_id: e.customerId, basis: e.basis, basis_id: e.basisId, fields: e.fields }))),
      ],
    );
  }
}
