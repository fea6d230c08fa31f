import { Column, CreateDateColumn, Entity } from 'typeorm';

/** An access export: the JSON document and its readable form, downloadable until it expires. */
@Entity('privacy_request_export')
export class PrivacyRequestExport {
  @Column({ name: 'request_id', type: 'uuid', primary: true })
  requestId: string;

  @Column({ type: 'jsonb', nullable: true })
  document: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  readable: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt: Date | null;
}
