import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DenialReason } from '../../policy/decide';
import type { PurposeCode } from '../../policy/purposes';

/**
 * One request's refused reads of one customer's personal fields by a recipient, for one reason. Not part of the
 * sealed audit log (which records what was read): nothing was handed over. It tells the customer who asked and was
 * turned away, e.g. a partner still asking after the consent was withdrawn.
 */
@ObjectType({
  description:
    "A recipient's read of a customer's personal data that the policy refused: nothing was returned. Shown to the customer " +
    'beside the access log, so that a withdrawn consent is seen to hold.',
})
@Entity('refused_read')
export class RefusedRead {
  @Field(() => ID, { description: 'Identifier of the refused read.' })
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => GraphQLDateTime, { description: 'When the read was refused.' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @Column({ name: 'purpose_code', type: 'text', nullable: true })
  purposeCode: PurposeCode | null;

  /** The hidden disclosure through which alone the recipient saw the customer; the customer's view leaves such refusals out. */
  @Column({ name: 'hidden_disclosure_id', type: 'uuid', nullable: true })
  hiddenDisclosureId: string | null;

  @Field(() => [String], { description: 'The personal fields asked for and refused, e.g. phone.' })
  @Column({ type: 'text', array: true })
  fields: string[];

  @Field(() => String, { description: 'Why the policy refused it: the error code the recipient was answered with, e.g. CONSENT_REQUIRED.' })
  @Column({ type: 'text' })
  reason: DenialReason;
}
