import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Why an address stopped waiting for its code; a closed row keeps neither the address nor the code. */
export enum ConfirmationClosure {
  CONFIRMED = 'CONFIRMED',
  REPLACED = 'REPLACED',
  EXPIRED = 'EXPIRED',
  EXHAUSTED = 'EXHAUSTED',
  TAKEN = 'TAKEN',
}

/**
 * An email address sent for confirmation: the customer's email becomes this address only once the code sent to it
 * is confirmed. One open row per customer; closed rows stay a day, without address or code, to bound how many new
 * addresses a customer may have sent.
 */
@Entity('email_confirmation')
export class EmailConfirmation {
  /** The code's hash is bound to it, so a new address's code never confirms an earlier one. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ name: 'code_hash', type: 'text', nullable: true })
  codeHash: string | null;

  /** The rectification that asked for the address, whose processors are told once it is confirmed. */
  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_as', type: 'text', nullable: true })
  closedAs: ConfirmationClosure | null;
}
