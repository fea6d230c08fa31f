import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PrivacyRequestStatus, PrivacyRequestType } from './privacy-request.enums';

@ObjectType({ description: 'A request to see, correct or delete personal data (policy §5).' })
@Entity('privacy_request')
export class PrivacyRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The customer the request is about.' })
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => PrivacyRequestType)
  @Column({ type: 'text' })
  type: PrivacyRequestType;

  @Field(() => PrivacyRequestStatus)
  @Column({ type: 'text' })
  status: PrivacyRequestStatus;

  @Field(() => GraphQLDateTime)
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When the answer is due.' })
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was completed or refused.' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => GraphQLDateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
