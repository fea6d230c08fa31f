import { Frontier } from '../merkle/frontier';
import type { Hash } from '../merkle/tree-hash';
import type { CheckpointDocument, CheckpointSigner } from './checkpoint-signer';
import { EVENT_BY_KEY, leafColumns, leafHashOf, type LeafSource } from './leaf';
import type { Sql } from './sql';
import { checkpointOfSize, checkpointsAfter, loadFrontier, type StoredCheckpoint } from './tree-store';

/** What can be wrong with the sealed log, from the first thing checked to the last. */
export enum AuditLogProblem {
  /** The checkpoint a previous verification passed is gone or has another root: the log was rolled back or rewritten. */
  VERIFIED_CHECKPOINT_REPLACED = 'VERIFIED_CHECKPOINT_REPLACED',
  /** A batch number is skipped: a checkpoint was removed. */
  CHECKPOINT_MISSING = 'CHECKPOINT_MISSING',
  /** A checkpoint's signature does not verify with the log's key. */
  CHECKPOINT_FORGED = 'CHECKPOINT_FORGED',
  /** No leaf at a position the checkpoints cover. */
  LEAF_MISSING = 'LEAF_MISSING',
  /** A sealed event is no longer in the log. */
  EVENT_MISSING = 'EVENT_MISSING',
  /** A sealed event now stands at another position than the one it was sealed at. */
  EVENT_REORDERED = 'EVENT_REORDERED',
  /** A sealed event's content is not what was sealed. */
  EVENT_CHANGED = 'EVENT_CHANGED',
  /** A batch's events do not give its signed root (e.g. an event changed together with its stored leaf hash). */
  ROOT_MISMATCH = 'ROOT_MISMATCH',
  /** A leaf beyond the latest checkpoint: written by something other than the sequencer. */
  LEAF_NOT_SIGNED = 'LEAF_NOT_SIGNED',
  /** An event that is neither sealed nor waiting to be sealed: inserted around the queue. */
  EVENT_NOT_SEALED = 'EVENT_NOT_SEALED',
  /** The checkpoint given to compare with is not signed by this log's key. */
  ANCHOR_FORGED = 'ANCHOR_FORGED',
  /** The log does not contain the checkpoint given to compare with. */
  ANCHOR_NOT_IN_LOG = 'ANCHOR_NOT_IN_LOG',
}

export interface AuditLogVerification {
  intact: boolean;
  /** The tree size the check started from: 0 for a full check, else the last verified checkpoint's. */
  fromTreeSize: number;
  /** The tree size checked up to: the latest checkpoint's. */
  treeSize: number;
  checkedBatches: number;
  checkedEvents: number;
  /** Events committed but not sealed yet (not a problem: the sequencer has them queued). */
  unsealedEvents: number;
  problem: AuditLogProblem | null;
  /** What is wrong, in words, naming the batch, position and event. */
  description: string | null;
  firstBrokenBatch: number | null;
  firstBrokenLeafIndex: number | null;
  firstBrokenEventId: string | null;
}

interface Broken {
  problem: AuditLogProblem;
  description: string;
  batch?: number;
  leafIndex?: number;
  eventId?: string;
}

/** A leaf as stored, with its event's columns (null when the event is gone). */
type LeafRow = { tree_index: string; event_id: string; stored: Buffer | null; present: boolean } & LeafSource;

/** Events written by requests that started this long before a checkpoint can still be waiting to be sealed after it. */
const UNSEALED_SEARCH_MARGIN = '1 hour';

/**
 * Checks the sealed audit log against its signed checkpoints: every checkpoint's signature, every sealed event's
 * content against its leaf, every batch's events against its root, nothing beyond the last checkpoint, no event
 * left out of the queue. From the last verified checkpoint forward (its stored right edge is checked against its
 * signed root first) or, on request, from the empty tree. Events sealed before the starting checkpoint are only
 * re-read by a full check.
 */
export class AuditVerifier {
  constructor(
    private readonly sql: Sql,
    private readonly signer: CheckpointSigner,
  ) {}

  async verify({ full, anchor }: { full: boolean; anchor?: CheckpointDocument }): Promise<AuditLogVerification> {
    const start = full ? null : await this.lastVerified();
    const progress = { fromTreeSize: start?.treeSize ?? 0, treeSize: start?.treeSize ?? 0, checkedBatches: 0, checkedEvents: 0 };
    const broken = (await this.check(start, full, progress)) ?? (anchor === undefined ? null : await this.checkAnchor(anchor));
    const [{ unsealed }] = await this.sql<{ unsealed: number }>(`SELECT count(*)::int AS unsealed FROM audit_unsealed`);
    if (broken === null) await this.recordVerified(progress.treeSize, full);
    return {
      intact: broken === null,
      ...progress,
      unsealedEvents: unsealed,
      problem: broken?.problem ?? null,
      description: broken?.description ?? null,
      firstBrokenBatch: broken?.batch ?? null,
      firstBrokenLeafIndex: broken?.leafIndex ?? null,
      firstBrokenEventId: broken?.eventId ?? null,
    };
  }

  private async check(
    start: { batch: number; treeSize: number; root: Hash; verifiedAt: Date } | null,
    full: boolean,
    progress: { treeSize: number; checkedBatches: number; checkedEvents: number },
  ): Promise<Broken | null> {
    let frontier = Frontier.empty();
    let previousBatch = 0;
    if (start !== null) {
      const stored = await checkpointOfSize(this.sql, start.treeSize);
      if (stored === null || stored.batch !== start.batch || !stored.root.equals(start.root)) {
        return {
          problem: AuditLogProblem.VERIFIED_CHECKPOINT_REPLACED,
          batch: start.batch,
          description: `the checkpoint of batch ${start.batch} (${start.treeSize} events), verified on ${start.verifiedAt.toISOString()}, is no longer in the log as it was`,
        };
      }
      const edge = await loadFrontier(this.sql, start.treeSize);
      if (edge === null || !edge.root().equals(start.root)) {
        return {
          problem: AuditLogProblem.ROOT_MISMATCH,
          batch: start.batch,
          description: `the stored tree no longer gives the signed root of batch ${start.batch}, verified on ${start.verifiedAt.toISOString()}`,
        };
      }
      frontier = edge;
      previousBatch = start.batch;
    }
    for (const checkpoint of await checkpointsAfter(this.sql, previousBatch)) {
      const broken = await this.checkBatch(checkpoint, previousBatch, frontier);
      if (broken !== null) return broken;
      previousBatch = checkpoint.batch;
      progress.checkedBatches += 1;
      progress.checkedEvents = frontier.size - (start?.treeSize ?? 0);
      progress.treeSize = frontier.size;
    }
    return (await this.leafBeyond(frontier.size)) ?? (await this.eventOutsideQueue(full ? null : (start?.verifiedAt ?? null)));
  }

  private async checkBatch(checkpoint: StoredCheckpoint, previousBatch: number, frontier: Frontier): Promise<Broken | null> {
    const { batch } = checkpoint;
    if (batch !== previousBatch + 1) {
      return {
        problem: AuditLogProblem.CHECKPOINT_MISSING,
        batch: previousBatch + 1,
        description: `the checkpoint of batch ${previousBatch + 1} is missing (the next one is batch ${batch})`,
      };
    }
    if (!this.signer.verifies(checkpoint.document) || checkpoint.treeSize <= frontier.size) {
      return { problem: AuditLogProblem.CHECKPOINT_FORGED, batch, description: `the checkpoint of batch ${batch} is not signed by this log's key` };
    }
    const firstIndex = frontier.size;
    const leaves = await this.sql<LeafRow>(
      `SELECT l.tree_index::text, l.event_id::text, l.leaf_hash AS stored, e.id IS NOT NULL AS present, ${leafColumns('e')}
       FROM audit_leaf l LEFT JOIN LATERAL (${EVENT_BY_KEY('l.event_id', 'l.occurred_at')}) e ON true
       WHERE l.tree_index >= $1 AND l.tree_index < $2
       ORDER BY l.tree_index`,
      [firstIndex, checkpoint.treeSize],
    );
    const sealedAt = new Map(leaves.flatMap((leaf) => (leaf.stored === null ? [] : [[leaf.stored.toString('hex'), Number(leaf.tree_index)]])));
    for (const [offset, leaf] of leaves.entries()) {
      const leafIndex = Number(leaf.tree_index);
      const at = { batch, leafIndex, eventId: leaf.event_id };
      if (leafIndex !== firstIndex + offset) {
        return {
          problem: AuditLogProblem.LEAF_MISSING,
          batch,
          leafIndex: firstIndex + offset,
          description: `batch ${batch} has no leaf at position ${firstIndex + offset}`,
        };
      }
      if (!leaf.present) {
        return {
          ...at,
          problem: AuditLogProblem.EVENT_MISSING,
          description: `event ${leaf.event_id}, sealed at position ${leafIndex} in batch ${batch}, is missing`,
        };
      }
      const recomputed = leafHashOf(leaf);
      if (leaf.stored === null || !recomputed.equals(leaf.stored)) {
        const original = sealedAt.get(recomputed.toString('hex'));
        return original !== undefined && original !== leafIndex
          ? {
              ...at,
              problem: AuditLogProblem.EVENT_REORDERED,
              description: `event ${leaf.event_id} stands at position ${leafIndex} of batch ${batch} but was sealed at position ${original}`,
            }
          : {
              ...at,
              problem: AuditLogProblem.EVENT_CHANGED,
              description: `event ${leaf.event_id} at position ${leafIndex} of batch ${batch} does not match what was sealed`,
            };
      }
      frontier.append(recomputed);
    }
    if (frontier.size !== checkpoint.treeSize) {
      return {
        problem: AuditLogProblem.LEAF_MISSING,
        batch,
        leafIndex: frontier.size,
        description: `batch ${batch} has no leaf at position ${frontier.size}`,
      };
    }
    if (!frontier.root().equals(checkpoint.root)) {
      return { problem: AuditLogProblem.ROOT_MISMATCH, batch, description: `the events of batch ${batch} do not give its signed root` };
    }
    return null;
  }

  private async leafBeyond(treeSize: number): Promise<Broken | null> {
    const [extra] = await this.sql<{ tree_index: string; event_id: string }>(
      `SELECT tree_index::text, event_id::text FROM audit_leaf WHERE tree_index >= $1 ORDER BY tree_index LIMIT 1`,
      [treeSize],
    );
    if (extra === undefined) return null;
    return {
      problem: AuditLogProblem.LEAF_NOT_SIGNED,
      leafIndex: Number(extra.tree_index),
      eventId: extra.event_id,
      description: `event ${extra.event_id} stands at position ${extra.tree_index}, beyond the latest signed checkpoint (${treeSize} events)`,
    };
  }

  /** An event neither sealed nor queued; a check from a checkpoint looks only at events from shortly before it on. */
  private async eventOutsideQueue(since: Date | null): Promise<Broken | null> {
    const [event] = await this.sql<{ id: string }>(
      `SELECT e.id::text FROM audit_event e
       WHERE ($1::timestamptz IS NULL OR e.occurred_at >= $1::timestamptz - $2::interval)
         AND NOT EXISTS (SELECT 1 FROM audit_leaf l WHERE l.event_id = e.id)
         AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.event_id = e.id)
       ORDER BY e.id LIMIT 1`,
      [since, UNSEALED_SEARCH_MARGIN],
    );
    if (event === undefined) return null;
    return {
      problem: AuditLogProblem.EVENT_NOT_SEALED,
      eventId: event.id,
      description: `event ${event.id} is neither sealed nor waiting to be sealed`,
    };
  }

  private async checkAnchor(anchor: CheckpointDocument): Promise<Broken | null> {
    if (!this.signer.verifies(anchor)) {
      return { problem: AuditLogProblem.ANCHOR_FORGED, description: "the checkpoint given is not signed by this log's key" };
    }
    const stored = await checkpointOfSize(this.sql, anchor.treeSize);
    if (stored !== null && stored.document.rootHash === anchor.rootHash) return null;
    return {
      problem: AuditLogProblem.ANCHOR_NOT_IN_LOG,
      batch: stored?.batch,
      description: `the log has no checkpoint of ${anchor.treeSize} events with the root of the one given: it does not extend it`,
    };
  }

  private async lastVerified(): Promise<{ batch: number; treeSize: number; root: Hash; verifiedAt: Date } | null> {
    const [row] = await this.sql<{ batch: string; tree_size: string; root_hash: Buffer; verified_at: Date }>(
      `SELECT batch, tree_size, root_hash, verified_at FROM audit_verification WHERE tree_size > 0 ORDER BY id DESC LIMIT 1`,
    );
    return row === undefined ? null : { batch: Number(row.batch), treeSize: Number(row.tree_size), root: row.root_hash, verifiedAt: row.verified_at };
  }

  private async recordVerified(treeSize: number, full: boolean): Promise<void> {
    if (treeSize === 0) return;
    await this.sql(
      `INSERT INTO audit_verification (batch, tree_size, root_hash, full_check)
       SELECT batch, tree_size, root_hash, $2 FROM audit_checkpoint WHERE tree_size = $1`,
      [treeSize, full],
    );
  }
}
