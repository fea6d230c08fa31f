import type { DataSource } from 'typeorm';
import { AuditProofs } from './audit-proofs';
import { AuditVerifier, type AuditLogVerification } from './audit-verifier';
import type { CheckpointDocument, CheckpointSigner } from './checkpoint-signer';
import { sealStatus, type SealStatus } from './seal-status';
import type { SealingSettings } from './sealing-settings';
import { sqlOfDataSource, sqlOfQueryRunner } from './sql';

/** The sealed audit log as the API serves it: its key, its checkpoints and proofs, its verification and seal lag. */
export class AuditLog {
  readonly proofs: AuditProofs;
  private readonly sql;

  constructor(
    private readonly dataSource: DataSource,
    readonly signer: CheckpointSigner,
    readonly sealing: SealingSettings,
  ) {
    this.sql = sqlOfDataSource(dataSource);
    this.proofs = new AuditProofs(this.sql);
  }

  /**
   * Verification from zero reads every event (about 20 s per million), longer than a request's statement timeout
   * allows one statement: it runs on a session of its own with the timeout lifted, restored before the session
   * goes back to the pool.
   */
  async verify(options: { full: boolean; anchor?: CheckpointDocument }): Promise<AuditLogVerification> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET statement_timeout = 0');
      return await new AuditVerifier(sqlOfQueryRunner(runner), this.signer).verify(options);
    } finally {
      // RESET goes back to the pool's own timeout, set when the session was opened.
      await runner.query('RESET statement_timeout').finally(() => runner.release());
    }
  }

  sealStatus(): Promise<SealStatus> {
    return sealStatus(this.sql, this.sealing);
  }
}
