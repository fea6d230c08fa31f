import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CountryCodeScalar } from '../../common/scalars';
import type { PurposeCode } from '../../policy/purposes';
import { Purpose } from '../purposes/purpose.entity';
import { ProcessorKind } from './processor.enums';

@ObjectType({ description: 'An affiliate or third party that may receive personal data (policy §2).' })
@Entity('processor')
export class Processor {
  @Field(() => ID, { description: 'Identifier of the processor; a partner token carries it as processor_id.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'Name of the affiliate or third party, unique case-insensitively.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => ProcessorKind, { description: 'Affiliate or third party.' })
  @Column({ type: 'text' })
  kind: ProcessorKind;

  @Field(() => CountryCodeScalar, { description: 'Country of establishment, ISO 3166-1 alpha-2.' })
  @Column({ type: 'text' })
  country: string;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: "When it accepted to follow the company's instructions and policy (its processing agreement).",
  })
  @Column({ name: 'agreement_accepted_at', type: 'timestamptz', nullable: true })
  agreementAcceptedAt: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When a privacy officer granted it the specific permission to receive data; null when not trusted.',
  })
  @Column({ name: 'trusted_at', type: 'timestamptz', nullable: true })
  trustedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The privacy officer who granted the permission.' })
  @Column({ name: 'trusted_by', type: 'text', nullable: true })
  trustedBy: string | null;

  @Field(() => Boolean, { description: 'Whether it may currently be used at all.' })
  @Column({ type: 'boolean' })
  active: boolean;

  @Field(() => Boolean, {
    description: 'Whether its tokens may send only the operations registered for it as trusted documents.',
  })
  @Column({ name: 'trusted_documents_only', type: 'boolean', default: false })
  trustedDocumentsOnly: boolean;

  @Field(() => GraphQLDateTime, { description: 'When it was registered.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When it was last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Boolean, { description: 'Whether a specific permission is in force (trustedAt is set).' })
  get trusted(): boolean {
    return this.trustedAt !== null;
  }

  @Field(() => [Purpose], {
    description: 'The purposes it may ever be used for.',
  })
  allowedPurposes: Purpose[];

  @Field(() => [String], {
    description: 'The data categories it may receive (see dataCategories); a parent such as contact covers its children.',
  })
  permittedCategories: string[];
}

/** The purposes a processor may ever be used for. */
@Entity('processor_purpose')
export class ProcessorPurpose {
  @PrimaryColumn({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @PrimaryColumn({ name: 'purpose_code', type: 'text' })
  purposeCode: PurposeCode;
}

/** The data categories a processor may receive (policy §2: only what it was permitted). */
@Entity('processor_category')
export class ProcessorCategory {
  @PrimaryColumn({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @PrimaryColumn({ name: 'category_key', type: 'text' })
  categoryKey: string;
}
