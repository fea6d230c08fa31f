import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OPEN_STATUSES } from './privacy-request.transitions';
import { PrivacyRequestStatus, PrivacyRequestType, RefusalReason, VerificationMethod } from './privacy-request.enums';

@ObjectType({ description: 'A fee for excessive effort (policy §5: access and correction are free otherwise).' })
export class RequestFee {
  @Field(() => String, { description: 'Decimal amount, e.g. "15.00".' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency, e.g. AZN.' })
  currency: string;

  @Field(() => String, { description: 'Why the request takes excessive effort, written for the customer.' })
  justification: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the customer accepted it.' })
  acceptedAt: Date | null;
}

@ObjectType({ description: 'A request to see, correct or delete personal data (policy §5).' })
@Entity('privacy_request')
export class PrivacyRequest {
  @Field(() => ID, { description: 'Identifier of the request.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The customer the request is about.' })
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => PrivacyRequestType, { description: 'Access, rectification or erasure.' })
  @Column({ type: 'text' })
  type: PrivacyRequestType;

  @Field(() => PrivacyRequestStatus, { description: 'Where the request is in its workflow.' })
  @Column({ type: 'text' })
  status: PrivacyRequestStatus;

  @Field(() => String, { description: 'The service whose procedure applies (see requestProcedures).' })
  @Column({ type: 'text' })
  service: string;

  @Field(() => GraphQLDateTime, { description: 'When it was submitted.' })
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Field(() => String, { description: 'Who submitted it: customer, or the staff member on the phone.' })
  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy: string;

  @Field(() => GraphQLDateTime, { description: 'When the answer is due.' })
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the identity was proven; null until then.' })
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Field(() => VerificationMethod, { nullable: true, description: 'How the identity was proven.' })
  @Column({ name: 'verification_method', type: 'text', nullable: true })
  verificationMethod: VerificationMethod | null;

  @Field(() => String, { nullable: true, description: 'The staff member who verified the identity, for a staff-assisted request.' })
  @Column({ name: 'verified_by', type: 'text', nullable: true })
  verifiedBy: string | null;

  @Field(() => String, { nullable: true, description: 'How the staff member verified the identity.' })
  @Column({ name: 'verification_note', type: 'text', nullable: true })
  verificationNote: string | null;

  /** The customer's requested corrections (personal values): held until applied or refused, then cleared. */
  @Column({ name: 'requested_changes', type: 'jsonb', nullable: true })
  requestedChanges: Record<string, unknown> | null;

  @Field(() => [String], { nullable: true, description: 'For a completed rectification: which fields changed (never their values).' })
  @Column({ name: 'changed_fields', type: 'text', array: true, nullable: true })
  changedFields: string[] | null;

  @Field(() => String, { nullable: true, description: 'The privacy officer working on it.' })
  @Column({ name: 'assigned_to', type: 'text', nullable: true })
  assignedTo: string | null;

  @Field(() => Boolean, {
    description: 'The system found more requests of this type by the customer than the repetitive rule allows, and proposes REPETITIVE.',
  })
  @Column({ name: 'repetitive_suspected', type: 'boolean' })
  repetitiveSuspected: boolean;

  @Field(() => RefusalReason, { nullable: true, description: 'The ground of policy §5 it was refused on; null unless refused.' })
  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason: RefusalReason | null;

  @Field(() => String, { nullable: true, description: 'Why it was refused, written for the customer.' })
  @Column({ name: 'refusal_justification', type: 'text', nullable: true })
  refusalJustification: string | null;

  @Column({ name: 'fee_amount', type: 'numeric', nullable: true })
  feeAmount: string | null;

  @Column({ name: 'fee_currency', type: 'text', nullable: true })
  feeCurrency: string | null;

  @Column({ name: 'fee_justification', type: 'text', nullable: true })
  feeJustification: string | null;

  @Column({ name: 'fee_accepted_at', type: 'timestamptz', nullable: true })
  feeAcceptedAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the deadline was extended (once at most).' })
  @Column({ name: 'deadline_extended_at', type: 'timestamptz', nullable: true })
  deadlineExtendedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the deadline was extended; null unless it was.' })
  @Column({ name: 'deadline_extension_reason', type: 'text', nullable: true })
  deadlineExtensionReason: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was completed or refused.' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => GraphQLDateTime, { description: 'When the request last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;

  @Field(() => RequestFee, { nullable: true, description: 'A fee for excessive effort, if one was set.' })
  get fee(): RequestFee | null {
    if (this.feeAmount === null || this.feeCurrency === null || this.feeJustification === null) return null;
    return { amount: this.feeAmount, currency: this.feeCurrency, justification: this.feeJustification, acceptedAt: this.feeAcceptedAt };
  }

  @Field(() => Boolean, { description: 'Open and past its due date.' })
  get overdue(): boolean {
    return OPEN_STATUSES.includes(this.status) && this.dueAt < new Date();
  }

  @Field(() => [PrivacyRequestEvent], { description: 'Every change of status, oldest first.' })
  history: PrivacyRequestEvent[];
}

@ObjectType({ description: 'One change of a privacy request, kept for good.' })
@Entity('privacy_request_event')
export class PrivacyRequestEvent {
  @Field(() => ID, { description: 'Identifier of the change.' })
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Field(() => PrivacyRequestStatus, { nullable: true, description: 'The status before; null for the submission.' })
  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: PrivacyRequestStatus | null;

  @Field(() => PrivacyRequestStatus, { description: 'The status after (the same as before for a deadline extension).' })
  @Column({ name: 'to_status', type: 'text' })
  toStatus: PrivacyRequestStatus;

  @Field(() => String, { description: 'Who made the change: the customer, a staff member, an officer, or the system.' })
  @Column({ type: 'text' })
  actor: string;

  @Field(() => String, { nullable: true, description: 'What happened, when it needs saying, e.g. the reason for a deadline extension.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the change was made.' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}

/** One code a customer must confirm; only its keyed hash is kept. */
@Entity('request_verification')
export class RequestVerification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ type: 'integer' })
  step: number;

  @Column({ type: 'text' })
  channel: 'EMAIL' | 'SMS';

  @Column({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts: number;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;
}
