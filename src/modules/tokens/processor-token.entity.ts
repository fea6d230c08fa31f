import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PurposeCode } from '../../policy/purposes';
import { PurposeCodeEnum } from '../purposes/purpose-code.enums';

/** A token issued to a processor. The token itself is shown once; only its id and SHA-256 are kept. */
@ObjectType({ description: 'A token issued to a processor, scoped to purposes (policy §2); the token itself is shown once, at issue.' })
@Entity('processor_token')
export class ProcessorToken {
  @Field(() => ID, { description: 'Identifier of the token (its jti); pass it to revokeToken.' })
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Field(() => ID, { description: 'The processor the token was issued to.' })
  @Column({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @Field(() => [PurposeCodeEnum], { description: 'The purposes requests with this token may be made for.' })
  @Column({ type: 'text', array: true })
  purposes: PurposeCode[];

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Field(() => String, { description: 'The privacy officer who issued it.' })
  @Column({ name: 'issued_by', type: 'text' })
  issuedBy: string;

  @Field(() => GraphQLDateTime, { description: 'When it was issued.' })
  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When it stops being accepted.' })
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was revoked; refused from then on. Null while not revoked.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;
}
