import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Processor } from '../processors/processor.entity';
import { DisclosureGround } from './disclosure.enums';

/**
 * A disclosure without consent, recorded by a privacy officer: until it expires or is revoked, the recipient
 * reads exactly these categories of exactly this customer.
 */
@ObjectType({ description: "A disclosure of one customer's data to one recipient on a legal ground (policy §2)." })
@Entity('disclosure')
export class Disclosure {
  @Field(() => ID, { description: 'Identifier of the disclosure; an audit event on a disclosure names it as basisId.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => DisclosureGround, { description: 'The ground of policy §2 it rests on.' })
  @Column({ type: 'text' })
  ground: DisclosureGround;

  @Field(() => String, { description: 'External reference, e.g. a court order number.' })
  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @Field(() => ID, { description: 'The customer whose data is disclosed.' })
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => [String], { description: 'The data categories disclosed.' })
  @Column({ type: 'text', array: true })
  categories: string[];

  @Field(() => String, { description: 'Why the ground applies, as the privacy officer recorded it; the customer reads it unless hidden.' })
  @Column({ type: 'text' })
  justification: string;

  @Field(() => GraphQLDateTime, { description: 'When it stops letting the recipient read.' })
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a privacy officer revoked it; null while not revoked.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => Boolean, { description: 'Whether the customer is kept from seeing it, because the ground requires so.' })
  @Column({ name: 'hidden_from_customer', type: 'boolean' })
  hiddenFromCustomer: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is kept from the customer; null when it is not hidden.' })
  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason: string | null;

  @Field(() => String, { description: 'The privacy officer who recorded it.' })
  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Field(() => GraphQLDateTime, { description: 'When it was recorded.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Processor, {
    nullable: true,
    description: 'The recipient; while the disclosure is live it may read exactly these categories of this customer.',
  })
  recipient: Processor | null;

  @Field(() => Boolean, { description: 'In force now: neither revoked nor expired.' })
  get live(): boolean {
    return this.revokedAt === null && this.expiresAt > new Date();
  }
}
