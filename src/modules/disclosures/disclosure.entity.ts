import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The four grounds of policy §2 on which data may be disclosed without consent. */
export enum DisclosureGround {
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  TERMS_ENFORCEMENT = 'TERMS_ENFORCEMENT',
  FRAUD_SECURITY = 'FRAUD_SECURITY',
  SAFETY_OF_USERS = 'SAFETY_OF_USERS',
}

/** A disclosure without consent, recorded by a privacy officer. Its API arrives with consent-driven access. */
@Entity('disclosure')
export class Disclosure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  ground: DisclosureGround;

  @Column({ type: 'text', comment: 'External reference, e.g. a court order number.' })
  reference: string;

  @Column({ name: 'processor_id', type: 'uuid' })
  processorId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text', array: true })
  categories: string[];

  @Column({ type: 'text' })
  justification: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'hidden_from_customer', type: 'boolean' })
  hiddenFromCustomer: boolean;

  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
