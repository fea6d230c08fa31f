import { apiError, ErrorCode } from '../../../common/errors';
import { consistencyProofRanges, inclusionProofRanges, nodeKey, nodesCovering, rangeHash } from '../merkle/proofs';
import type { Hash, NodeId } from '../merkle/tree-hash';
import type { CheckpointDocument } from './checkpoint-signer';
import { EVENT_BY_KEY, leafColumns, leafDataOf, type LeafSource } from './leaf';
import type { Sql } from './sql';
import { checkpointOfSize, latestCheckpoint, loadNodes, type StoredCheckpoint } from './tree-store';

/** That one sealed event is in the tree a checkpoint signed (RFC 9162 §2.1.3). */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** The leaf's bytes as UTF-8 JSON: its hash is SHA-256 over 0x00 and these bytes. */
  leafData: string;
  /** Base64 hashes, from the leaf's sibling up. */
  auditPath: string[];
  checkpoint: CheckpointDocument;
}

/** That the tree of one checkpoint is a prefix of the tree of a later one (RFC 9162 §2.1.4). */
export interface ConsistencyProof {
  from: CheckpointDocument;
  to: CheckpointDocument;
  /** Base64 hashes, in the order of RFC 9162's PROOF. */
  hashes: string[];
}

/** Builds proofs from the stored complete subtrees: one statement for the nodes of all the proofs asked at once. */
export class AuditProofs {
  constructor(private readonly sql: Sql) {}

  latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return latestCheckpoint(this.sql);
  }

  /** For each event, its inclusion proof against the latest checkpoint, or null while it is not sealed. */
  async inclusionProofs(eventIds: readonly string[]): Promise<Array<InclusionProof | null>> {
    const checkpoint = await latestCheckpoint(this.sql);
    if (checkpoint === null) return eventIds.map(() => null);
    const leaves = await this.sql<LeafSource & { event_id: string; tree_index: string }>(
      `SELECT l.event_id::text, l.tree_index::text, ${leafColumns('e')}
       FROM audit_leaf l CROSS JOIN LATERAL (${EVENT_BY_KEY('l.event_id', 'l.occurred_at')}) e
       WHERE l.event_id = ANY($1::bigint[]) AND l.tree_index < $2`,
      [eventIds, checkpoint.treeSize],
    );
    const rangesOf = new Map(leaves.map((leaf) => [leaf.event_id, inclusionProofRanges(Number(leaf.tree_index), checkpoint.treeSize)]));
    const hashOf = await this.rangeHasher([...rangesOf.values()].flat());
    const byEvent = new Map(leaves.map((leaf) => [leaf.event_id, leaf]));
    return eventIds.map((eventId) => {
      const leaf = byEvent.get(eventId);
      if (leaf === undefined) return null;
      return {
        leafIndex: Number(leaf.tree_index),
        treeSize: checkpoint.treeSize,
        leafData: leafDataOf(leaf),
        auditPath: rangesOf.get(eventId)!.map((range) => hashOf(range).toString('base64')),
        checkpoint: checkpoint.document,
      };
    });
  }

  /** Between two signed tree sizes; `toTreeSize` defaults to the latest checkpoint. */
  async consistencyProof(fromTreeSize: number, toTreeSize?: number): Promise<ConsistencyProof> {
    const to = toTreeSize === undefined ? await latestCheckpoint(this.sql) : await checkpointOfSize(this.sql, toTreeSize);
    const from = await checkpointOfSize(this.sql, fromTreeSize);
    if (from === null) throw apiError(ErrorCode.NOT_FOUND, 'No checkpoint of the audit log has the tree size fromTreeSize names.');
    if (to === null)
      throw apiError(
        ErrorCode.NOT_FOUND,
        toTreeSize === undefined ? 'The audit log has no checkpoint yet.' : 'No checkpoint of the audit log has the tree size toTreeSize names.',
      );
    if (to.treeSize < from.treeSize) {
      throw apiError(
        ErrorCode.BAD_USER_INPUT,
        'A consistency proof goes from a smaller tree to a larger one: toTreeSize is smaller than fromTreeSize.',
      );
    }
    const ranges = consistencyProofRanges(from.treeSize, to.treeSize);
    const hashOf = await this.rangeHasher(ranges);
    return { from: from.document, to: to.document, hashes: ranges.map((range) => hashOf(range).toString('base64')) };
  }

  /** Loads every node the ranges need in one statement; a node the tree should have but lacks is an internal fault. */
  private async rangeHasher(ranges: ReadonlyArray<[number, number]>): Promise<(range: [number, number]) => Hash> {
    const wanted = new Map<string, NodeId>();
    for (const [start, end] of ranges) for (const id of nodesCovering(start, end)) wanted.set(nodeKey(id), id);
    const nodes = await loadNodes(this.sql, [...wanted.values()]);
    const lookup = (id: NodeId): Hash => {
      const hash = nodes.get(nodeKey(id));
      if (hash === undefined) throw new Error(`the audit tree lacks node ${nodeKey(id)}`);
      return hash;
    };
    return ([start, end]) => rangeHash(start, end, lookup);
  }
}
