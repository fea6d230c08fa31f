import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PurposeCode } from '../../policy/purposes';
import { Disclosure } from '../disclosures/disclosure.entity';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';

export enum AccessBasis {
  CONSENT = 'CONSENT',
  DISCLOSURE = 'DISCLOSURE',
  PRIVACY_OFFICER = 'PRIVACY_OFFICER',
  ACCESS_REQUEST = 'ACCESS_REQUEST',
}

registerEnumType(AccessBasis, {
  name: 'AccessBasis',
  description: "On what basis a customer's personal data was read.",
  valuesConfig: {
    CONSENT: { description: "The customer's consent to this purpose and recipient." },
    DISCLOSURE: { description: 'A disclosure on a legal ground of policy §2.' },
    PRIVACY_OFFICER: { description: 'The privacy officer, in the course of their duties.' },
    ACCESS_REQUEST: { description: 'The customer downloading the export of their own access request.' },
  },
});

/**
 * One request's reads of one customer's personal fields by someone other than the customer.
 * Append-only (a trigger refuses UPDATE and DELETE), and sealed into the signed Merkle tree shortly after it commits.
 */
@ObjectType({
  description:
    "A read of a customer's personal data by someone other than the customer (or the customer's download of their access export), " +
    'from the append-only audit log, sealed into a signed Merkle tree (policy §3).',
})
@Entity('audit_event')
export class AuditEvent {
  @Field(() => ID, { description: 'Identifier of the audit event.' })
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Field(() => GraphQLDateTime, { description: 'When the data was read.' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Field(() => String, {
    description: 'Who read: affiliate (a processor), privacy_officer, or customer for the download of their own access export.',
  })
  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject: string;

  @Column({ name: 'processor_id', type: 'uuid', nullable: true })
  processorId: string | null;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => [String], { description: 'The personal fields read, e.g. email.' })
  @Column({ type: 'text', array: true })
  fields: string[];

  @Column({ name: 'purpose_code', type: 'text', nullable: true })
  purposeCode: PurposeCode | null;

  @Field(() => AccessBasis, {
    description: 'What allowed the read: a consent, a disclosure (policy §2), the officer, or an access request.',
  })
  @Column({ name: 'basis', type: 'text' })
  basis: AccessBasis;

  @Field(() => ID, {
    nullable: true,
    description: 'The consent, disclosure or access request the read rested on; null for the privacy officer.',
  })
  @Column({ name: 'basis_id', type: 'uuid', nullable: true })
  basisId: string | null;

  @Field(() => Processor, { nullable: true, description: 'The recipient that read; null for the privacy officer and the customer.' })
  processor: Processor | null;

  @Field(() => Purpose, { nullable: true, description: 'The purpose the read was made for.' })
  purpose: Purpose | null;

  @Field(() => Disclosure, { nullable: true, description: 'For a read on a legal ground: the disclosure, with its ground and reference.' })
  disclosure: Disclosure | null;
}
