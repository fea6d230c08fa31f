import type { DataSource } from 'typeorm';
import { AuditProofs } from './audit-proofs';
import { AuditVerifier } from './audit-verifier';
import type { CheckpointSigner } from './checkpoint-signer';
import { sealStatus, type SealStatus } from './seal-status';
import type { SealingSettings } from './sealing-settings';
import { sqlOfDataSource } from './sql';

/** The sealed audit log as the API serves it: its key, its checkpoints and proofs, its verification and seal lag. */
export class AuditLog {
  readonly proofs: AuditProofs;
  readonly verifier: AuditVerifier;
  private readonly sql;

  constructor(
    dataSource: DataSource,
    readonly signer: CheckpointSigner,
    readonly sealing: SealingSettings,
  ) {
    this.sql = sqlOfDataSource(dataSource);
    this.proofs = new AuditProofs(this.sql);
    this.verifier = new AuditVerifier(this.sql, signer);
  }

  sealStatus(): Promise<SealStatus> {
    return sealStatus(this.sql, this.sealing);
  }
}
