import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AuditVerifier, type AuditLogVerification } from '../../src/modules/audit/log/audit-verifier';
import type { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import { sqlOfDataSource, type Sql } from '../../src/modules/audit/log/sql';
import { log } from '../log';
import { EventFiller } from './fill';
import { measured, type Measured, type Surroundings } from './measured';
import { ROWS_PER_WRITE, type AuditBenchOptions } from './options';
import type { SequencerProcess } from './sequencer-process';
import { AuditWorkload } from './workload';

/**
 * The sequencer's throughput and the verification's time, on the real classes: rows queued with the sequencer idle,
 * then one sealPending() of the sequencer process draining them; then the log filled and sealed up to verifyEvents
 * events, verified from zero (by an AuditVerifier in this process), extended through AuditService.write and sealed,
 * and verified from the checkpoint the full check recorded.
 */

export interface Drain {
  rows: number;
  batches: number;
}

export interface SealingFigures {
  /** The timed drain of options.sealRows queued rows. */
  drain: Measured<Drain>;
  /** Sealing the rest of the verification's events (not the headline figure; recorded for comparison). */
  rest: Measured<Drain> | null;
  full: Measured<AuditLogVerification>;
  incremental: Measured<AuditLogVerification>;
}

async function latestBatch(sql: Sql): Promise<number> {
  const [{ batch }] = await sql<{ batch: number }>(`SELECT coalesce(max(batch), 0)::int AS batch FROM audit_checkpoint`);
  return batch;
}

async function timedDrain(sequencer: SequencerProcess, sql: Sql, surroundings: Surroundings, expected: number): Promise<Measured<Drain>> {
  const before = await latestBatch(sql);
  const drained = await measured(surroundings, () => sequencer.seal());
  if (drained.value !== expected) throw new Error(`the sequencer sealed ${drained.value} rows, ${expected} were queued`);
  return { ...drained, value: { rows: drained.value, batches: (await latestBatch(sql)) - before } };
}

function checked(verification: Measured<AuditLogVerification>, events: number, label: string): Measured<AuditLogVerification> {
  const { intact, checkedEvents, description } = verification.value;
  if (!intact) throw new Error(`the ${label} verification found the log broken: ${description}`);
  if (checkedEvents !== events) throw new Error(`the ${label} verification checked ${checkedEvents} events, not ${events}`);
  return verification;
}

export async function measureSealing(
  dataSource: DataSource,
  sequencer: SequencerProcess,
  signer: CheckpointSigner,
  options: AuditBenchOptions,
  surroundings: Surroundings,
): Promise<SealingFigures> {
  const sql = sqlOfDataSource(dataSource);
  const filler = new EventFiller(sql, options.verifyEvents);
  log(`queueing ${options.sealRows} rows, the sequencer idle`);
  await filler.fill(options.sealRows);
  log('draining them with one sealPending()');
  const drain = await timedDrain(sequencer, sql, surroundings, options.sealRows);
  log(`sealed ${drain.value.rows} rows in ${drain.seconds.toFixed(1)} s`);
  const restRows = options.verifyEvents - options.sealRows;
  let rest: Measured<Drain> | null = null;
  if (restRows > 0) {
    log(`filling and sealing the other ${restRows} events of the verification`);
    await filler.fill(restRows);
    rest = await timedDrain(sequencer, sql, surroundings, restRows);
    log(`sealed ${restRows} rows in ${rest.seconds.toFixed(1)} s`);
  }
  const verifier = new AuditVerifier(sql, signer);
  log(`verifying ${options.verifyEvents} events from zero`);
  const full = checked(await measured(surroundings, () => verifier.verify({ full: true })), options.verifyEvents, 'full');
  log(`full verification: ${full.seconds.toFixed(1)} s`);
  const service = new AuditService(dataSource);
  const workload = new AuditWorkload();
  for (let written = 0; written < options.incrementalRows; written += ROWS_PER_WRITE) await service.write(workload.next());
  await sequencer.seal();
  log(`appended and sealed ${options.incrementalRows} more; verifying from the last verified checkpoint`);
  const incremental = checked(await measured(surroundings, () => verifier.verify({ full: false })), options.incrementalRows, 'incremental');
  log(`incremental verification: ${incremental.seconds.toFixed(2)} s`);
  return { drain, rest, full, incremental };
}
