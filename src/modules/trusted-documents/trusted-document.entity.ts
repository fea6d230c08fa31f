import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OperationType } from './trusted-document.enums';

@ObjectType({
  description:
    'An operation the privacy officer registered for a processor: when the processor is restricted to trusted documents, its tokens may send only these.',
})
@Entity('trusted_document')
export class TrustedDocument {
  @Field(() => ID, { description: 'Identifier of the registration; pass it to revokeTrustedDocument.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The processor it is registered for.' })
  @Column({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @Field(() => String, { description: 'SHA-256 of the exact document text (UTF-8), lower-case hex: what identifies it.' })
  @Column({ name: 'document_hash', type: 'text' })
  hash: string;

  @Field(() => String, { description: 'The document text, exactly as registered and as the partner must send it.' })
  @Column({ type: 'text' })
  document: string;

  @Field(() => String, { nullable: true, description: 'A name the privacy officer gave it, if any.' })
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'The name of its operation; null for an anonymous operation.' })
  @Column({ name: 'operation_name', type: 'text', nullable: true })
  operationName: string | null;

  @Field(() => OperationType, { description: 'Whether its operation is a query, a mutation or a subscription.' })
  @Column({ name: 'operation_type', type: 'text' })
  operationType: OperationType;

  @Field(() => GraphQLDateTime, { description: 'When it was registered.' })
  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Field(() => String, { description: 'The privacy officer who registered it.' })
  @Column({ name: 'registered_by', type: 'text' })
  registeredBy: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was revoked; refused from then on. Null while live.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The privacy officer who revoked it.' })
  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;
}
