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

export interface ChainVerification {
  intact: boolean;
  checkedEvents: number;
  /** The first event whose hash or link does not hold, in chain order. */
  firstBrokenPosition: number | null;
  firstBrokenEventId: string | null;
  problem: string | null;
}

/** The `prev_hash` of the first event, as the migration seeds the chain head. */
const GENESIS_HASH = '0'.repeat(64);

function actorSubject(principal: Principal): string {
  return principal.role === 'anonymous' ? 'anonymous' : principal.subject;
}

export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** One statement for the whole request; the database chains each row (see the ConsentAccess migration). */
  async write({ requestId, principal, purpose, occurredAt, events }: AuditWrite): Promise<void> {
    if (events.length === 0) return;
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

  /** Recomputes every hash in chain order and checks each link, the numbering and the recorded head. */
  async verifyChain(): Promise<ChainVerification> {
    const [result] = (await this.dataSource.query(`
      WITH chain AS (
        SELECT e.id, e.chain_position, e.hash, e.prev_hash, audit_event_digest(e) AS recomputed,
               lag(e.hash, 1, '${GENESIS_HASH}') OVER (ORDER BY e.chain_position) AS previous_hash,
               lag(e.chain_position, 1, 0::bigint) OVER (ORDER BY e.chain_position) AS previous_position
        FROM audit_event e
      ),
      checked AS (
        SELECT id, chain_position, hash,
               CASE WHEN chain_position <> previous_position + 1 THEN 'an event is missing before this one'
                    WHEN prev_hash <> previous_hash THEN 'the link to the previous event does not hold'
                    WHEN hash <> recomputed THEN 'the content does not match its hash' END AS problem
        FROM chain
      )
      SELECT (SELECT count(*) FROM checked)::int AS checked,
             (SELECT row_to_json(c) FROM checked c WHERE problem IS NOT NULL ORDER BY chain_position LIMIT 1) AS first_broken,
             (SELECT row_to_json(c) FROM checked c ORDER BY chain_position DESC LIMIT 1) AS last_event,
             (SELECT row_to_json(h) FROM audit_chain_head h) AS head
    `)) as Array<{ checked: number; first_broken: ChainRow | null; last_event: ChainRow | null; head: ChainRow }>;
    const verification = { checkedEvents: result.checked };
    if (result.first_broken) {
      return {
        ...verification,
        intact: false,
        firstBrokenPosition: Number(result.first_broken.chain_position),
        firstBrokenEventId: String(result.first_broken.id),
        problem: result.first_broken.problem ?? null,
      };
    }
    const lastPosition = Number(result.last_event?.chain_position ?? 0);
    if (Number(result.head.chain_position) !== lastPosition || result.head.hash !== (result.last_event?.hash ?? GENESIS_HASH)) {
      return {
        ...verification,
        intact: false,
        firstBrokenPosition: lastPosition + 1,
        firstBrokenEventId: null,
        problem: 'events are missing at the end of the chain',
      };
    }
    return { ...verification, intact: true, firstBrokenPosition: null, firstBrokenEventId: null, problem: null };
  }
}

interface ChainRow {
  id?: string | number;
  chain_position: string | number;
  hash: string;
  problem?: string | null;
}
