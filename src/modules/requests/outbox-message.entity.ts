import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Processor } from '../processors/processor.entity';

export enum OutboxKind {
  VERIFICATION_CODE = 'VERIFICATION_CODE',
  RECTIFICATION_NOTICE = 'RECTIFICATION_NOTICE',
  ERASURE_NOTICE = 'ERASURE_NOTICE',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  CONFIRMED = 'CONFIRMED',
  FAILED = 'FAILED',
}

registerEnumType(OutboxKind, {
  name: 'NoticeKind',
  description: 'The kind of message a privacy request (policy §5) causes: a code to the customer, or a notice to a processor.',
  valuesConfig: {
    VERIFICATION_CODE: { description: 'A one-time code to the customer, to prove their identity; never listed as a notice.' },
    RECTIFICATION_NOTICE: { description: 'Tells a processor that received the data that a field it read was corrected.' },
    ERASURE_NOTICE: { description: "Tells a processor that received the data that the customer's data was erased." },
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
 * sent), or a rectification or erasure notice to a processor that received the customer's data.
 */
@ObjectType('Notice', {
  description: "A rectification or erasure notice to a processor that received the customer's data (policy §5), with its delivery state.",
})
@Entity('outbox_message')
export class OutboxMessage {
  @Field(() => ID, { description: 'Identifier of the notice; pass it to confirmNotice.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => OutboxKind, { description: 'Rectification or erasure notice.' })
  @Column({ type: 'text' })
  kind: OutboxKind;

  @Column({ type: 'text' })
  channel: 'EMAIL' | 'SMS' | 'PROCESSOR';

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'processor_id', type: 'uuid', nullable: true })
  processorId: string | null;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

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
