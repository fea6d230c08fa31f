import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Processor } from '../processors/processor.entity';

export enum NoticeKind {
  VERIFICATION_CODE = 'VERIFICATION_CODE',
  RECTIFICATION_NOTICE = 'RECTIFICATION_NOTICE',
  ERASURE_NOTICE = 'ERASURE_NOTICE',
  EMAIL_CONFIRMATION_CODE = 'EMAIL_CONFIRMATION_CODE',
  EMAIL_IN_USE_NOTICE = 'EMAIL_IN_USE_NOTICE',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  CONFIRMED = 'CONFIRMED',
  FAILED = 'FAILED',
}

registerEnumType(NoticeKind, {
  name: 'NoticeKind',
  description:
    'The kind of message a privacy request (policy §5) or a new email address causes: a code to the customer or to the address, ' +
    'a notice to a processor, or a notice to the holder of an address someone else gave.',
  valuesConfig: {
    VERIFICATION_CODE: { description: 'A one-time code to the customer, to prove their identity; never listed as a notice.' },
    RECTIFICATION_NOTICE: { description: 'Tells a processor that received the data that a field it read was corrected.' },
    ERASURE_NOTICE: { description: "Tells a processor that received the data that the customer's data was erased." },
    EMAIL_CONFIRMATION_CODE: {
      description: "A one-time code to a new email address, which becomes the customer's once confirmed; never listed as a notice.",
    },
    EMAIL_IN_USE_NOTICE: {
      description:
        'Tells a customer that someone gave their email address as theirs (naming nothing of who); sent instead of a code, never listed as a notice.',
    },
  },
});
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a message is in its delivery.',
  valuesConfig: {
    PENDING: { description: 'Queued; the sender has not sent it yet.' },
    SENT: { description: 'Sent; the processor has not confirmed it yet.' },
    CONFIRMED: { description: 'Confirmed as acted on, by the processor or a privacy officer.' },
    FAILED: { description: 'The sender could not deliver it.' },
  },
});

/**
 * A message for the sender to deliver: a one-time code to the customer (the body holds the code until it is
 * sent), a rectification or erasure notice to a processor that received the customer's data, or about a new email
 * address: its code (the body names the address it goes to), or a notice to the customer holding it.
 */
@ObjectType({
  description: "A rectification or erasure notice to a processor that received the customer's data (policy §5), with its delivery state.",
})
@Entity('outbox_message')
export class Notice {
  @Field(() => ID, { description: 'Identifier of the notice; pass it to confirmNotice.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => NoticeKind, { description: 'Rectification or erasure notice.' })
  @Column({ type: 'text' })
  kind: NoticeKind;

  @Column({ type: 'text' })
  channel: 'EMAIL' | 'SMS' | 'PROCESSOR';

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'processor_id', type: 'uuid', nullable: true })
  processorId: string | null;

  /** The privacy request the message is part of; null for an address's code or notice that no request asked for. */
  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  body: Record<string, unknown> | null;

  @Field(() => DeliveryStatus, { description: 'Where the notice is in its delivery.' })
  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Field(() => GraphQLDateTime, { description: 'When the notice was queued, as the request was carried out.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the sender sent it; null until then.' })
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the processor confirmed it acted on the notice.' })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who confirmed it, as role:subject (the processor or a privacy officer).' })
  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy: string | null;

  @Field(() => Processor, { nullable: true, description: 'The processor notified.' })
  processor: Processor | null;
}
