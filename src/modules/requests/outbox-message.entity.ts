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

registerEnumType(OutboxKind, { name: 'NoticeKind' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

/**
 * A message for the sender to deliver: a one-time code to the customer (the body holds the code until it is
 * sent), or a rectification or erasure notice to a processor that received the customer's data.
 */
@ObjectType('Notice', { description: 'A rectification or erasure notice to a processor, with its delivery state.' })
@Entity('outbox_message')
export class OutboxMessage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => OutboxKind)
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

  @Field(() => DeliveryStatus)
  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Field(() => GraphQLDateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the processor confirmed it acted on the notice.' })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy: string | null;

  @Field(() => Processor, { nullable: true, description: 'The processor notified.' })
  processor: Processor | null;
}
