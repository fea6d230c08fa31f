import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PurposeCode } from '../../policy/purposes';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { ConsentSource, ConsentStatus } from './consent.enums';

/**
 * The current state of one consent: customer x purpose x recipient. Every change is also written to
 * `consent_event`, which is append-only: this row is the latest state, the events are the history.
 */
@ObjectType({ description: 'A consent of a customer to processing for one purpose by one recipient (policy §2).' })
@Entity('consent')
export class Consent {
  @Field(() => ID, { description: 'Identifier of the consent; an audit event on a consent names it as basisId.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'purpose_code', type: 'text' })
  purposeCode: PurposeCode;

  @Column({ name: 'processor_id', type: 'uuid', nullable: true })
  processorId: string | null;

  @Field(() => ConsentStatus, { description: 'Whether the consent is in force now.' })
  @Column({ type: 'text' })
  status: ConsentStatus;

  @Field(() => GraphQLDateTime, { description: 'When the consent took its current status.' })
  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @Field(() => ConsentSource, { description: 'How the current status was given.' })
  @Column({ type: 'text' })
  source: ConsentSource;

  @Field(() => String, { description: 'Version of the policy text the customer was shown.' })
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Purpose, { description: 'The purpose consented to.' })
  purpose: Purpose;

  @Field(() => Processor, {
    nullable: true,
    description: 'The recipient; null when the consent is to the company itself.',
  })
  recipient: Processor | null;

  @Field(() => [ConsentEvent], { description: 'Every change, oldest first.' })
  history: ConsentEvent[];

  @Field(() => GraphQLJSONObject, {
    description: 'A consent receipt in the shape of the Kantara Consent Receipt v1.1 / ISO/IEC 27560 record.',
  })
  receipt: Record<string, unknown>;
}

/** One change of a consent, never updated or deleted (a trigger refuses it). */
@ObjectType({ description: 'One change of a consent, as it happened; the history is never rewritten.' })
@Entity('consent_event')
export class ConsentEvent {
  @Field(() => ID, { description: 'Identifier of the change.' })
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** The consent changed, which names the customer, purpose and recipient. */
  @Column({ name: 'consent_id', type: 'uuid' })
  consentId: string;

  @Field(() => ConsentStatus, { description: 'The status the consent took.' })
  @Column({ type: 'text' })
  status: ConsentStatus;

  @Field(() => ConsentSource, { description: 'How the change was made.' })
  @Column({ type: 'text' })
  source: ConsentSource;

  @Field(() => String, { description: 'Version of the policy text the customer was shown at this change.' })
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Field(() => GraphQLDateTime, { description: 'When the change took effect.' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor', type: 'text', comment: 'Subject of the principal that made the change.' })
  actor: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'How the consent was given: the policy text shown (version, language), when, through which channel.',
  })
  @Column({ type: 'jsonb', nullable: true })
  evidence: Record<string, unknown> | null;
}
