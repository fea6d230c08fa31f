import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One request's reads of one customer's personal fields by someone other than the customer.
 * Append-only (a trigger refuses UPDATE and DELETE) and hash-chained; written from the consent-access issue on.
 */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject: string;

  @Column({ name: 'processor_id', type: 'uuid', nullable: true })
  processorId: string | null;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text', array: true })
  fields: string[];

  @Column({ name: 'purpose_code', type: 'text', nullable: true })
  purposeCode: string | null;

  @Column({ name: 'basis', type: 'text' })
  basis: string;

  @Column({ name: 'basis_id', type: 'uuid', nullable: true })
  basisId: string | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
