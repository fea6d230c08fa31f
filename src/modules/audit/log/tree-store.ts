import { Frontier } from '../merkle/frontier';
import { nodeKey } from '../merkle/proofs';
import type { Hash, NodeId } from '../merkle/tree-hash';
import type { CheckpointDocument } from './checkpoint-signer';
import { AUDIT_LOG_ORIGIN } from './checkpoint-signer';
import type { Sql } from './sql';

/** A checkpoint as stored: one per sealed batch. */
export interface StoredCheckpoint {
  batch: number;
  treeSize: number;
  root: Hash;
  document: CheckpointDocument;
}

interface CheckpointRow {
  batch: string;
  tree_size: string;
  root_hash: Buffer;
  issued_at: Date;
  key_id: string;
  signature: Buffer;
}

const CHECKPOINT_COLUMNS = 'batch, tree_size, root_hash, issued_at, key_id, signature';

function checkpointOf(row: CheckpointRow): StoredCheckpoint {
  const treeSize = Number(row.tree_size);
  return {
    batch: Number(row.batch),
    treeSize,
    root: row.root_hash,
    document: {
      origin: AUDIT_LOG_ORIGIN,
      treeSize,
      rootHash: row.root_hash.toString('base64'),
      issuedAt: row.issued_at.toISOString(),
      keyId: row.key_id,
      signature: row.signature.toString('base64'),
    },
  };
}

export async function latestCheckpoint(sql: Sql): Promise<StoredCheckpoint | null> {
  const [row] = await sql<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY batch DESC LIMIT 1`);
  return row === undefined ? null : checkpointOf(row);
}

export async function checkpointOfSize(sql: Sql, treeSize: number): Promise<StoredCheckpoint | null> {
  const [row] = await sql<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE tree_size = $1`, [treeSize]);
  return row === undefined ? null : checkpointOf(row);
}

/** The checkpoints after `afterBatch`, in batch order. */
export async function checkpointsAfter(sql: Sql, afterBatch: number): Promise<StoredCheckpoint[]> {
  const rows = await sql<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE batch > $1 ORDER BY batch`, [afterBatch]);
  return rows.map(checkpointOf);
}

export async function storeCheckpoint(sql: Sql, batch: number, document: CheckpointDocument): Promise<void> {
  await sql(`INSERT INTO audit_checkpoint (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
    batch,
    document.treeSize,
    Buffer.from(document.rootHash, 'base64'),
    document.issuedAt,
    document.keyId,
    Buffer.from(document.signature, 'base64'),
  ]);
}

/** The stored hashes of complete subtrees (level 0: the leaves), by `nodeKey`; one not stored is absent from the map. */
export async function loadNodes(sql: Sql, ids: readonly NodeId[]): Promise<Map<string, Hash>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ level: number; node_index: string; hash: Buffer }>(
    `SELECT wanted.level, wanted.node_index, coalesce(n.hash, l.leaf_hash) AS hash
     FROM unnest($1::smallint[], $2::bigint[]) AS wanted(level, node_index)
     LEFT JOIN audit_tree_node n ON wanted.level > 0 AND n.level = wanted.level AND n.node_index = wanted.node_index
     LEFT JOIN audit_leaf l ON wanted.level = 0 AND l.tree_index = wanted.node_index
     WHERE coalesce(n.hash, l.leaf_hash) IS NOT NULL`,
    [ids.map((id) => id.level), ids.map((id) => id.index)],
  );
  return new Map(rows.map((row) => [nodeKey({ level: row.level, index: Number(row.node_index) }), row.hash]));
}

/**
 * The hashes travel as one bytea cut in SQL: as a bytea[] each one went through an escaped text literal both ways,
 * which showed in the sequencer's CPU profile.
 */
const HASH_AT = (ordinal: string, hashes: string) => `substring(${hashes}::bytea FROM ((${ordinal} - 1) * 32 + 1)::int FOR 32)`;

/** The sealed leaves of one batch, from `firstIndex` on, in order. */
export async function storeLeaves(
  sql: Sql,
  firstIndex: number,
  leaves: ReadonlyArray<{ eventId: string; occurredAt: string; hash: Hash }>,
): Promise<void> {
  await sql(
    `INSERT INTO audit_leaf (tree_index, event_id, occurred_at, leaf_hash)
     SELECT $1::bigint + ordinal - 1, event_id, occurred_at::timestamptz, ${HASH_AT('ordinal', '$4')}
     FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS leaf(event_id, occurred_at, ordinal)`,
    [firstIndex, leaves.map((leaf) => leaf.eventId), leaves.map((leaf) => leaf.occurredAt), Buffer.concat(leaves.map((leaf) => leaf.hash))],
  );
}

/** Complete subtrees above the leaves. */
export async function storeNodes(sql: Sql, nodes: ReadonlyArray<{ id: NodeId; hash: Hash }>): Promise<void> {
  if (nodes.length === 0) return;
  await sql(
    `INSERT INTO audit_tree_node (level, node_index, hash)
     SELECT level, node_index, ${HASH_AT('ordinal', '$3')}
     FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS node(level, node_index, ordinal)`,
    [nodes.map((node) => node.id.level), nodes.map((node) => node.id.index), Buffer.concat(nodes.map((node) => node.hash))],
  );
}

/**
 * The right edge of the stored tree of `treeSize` leaves, or null when a node is missing. Whoever uses it checks its
 * root against a signed checkpoint: only then are the stored nodes known to be the ones that were signed.
 */
export async function loadFrontier(sql: Sql, treeSize: number): Promise<Frontier | null> {
  const ids = Frontier.nodesOf(treeSize);
  const found = await loadNodes(sql, ids);
  const hashes = ids.map((id) => found.get(nodeKey(id)));
  if (hashes.some((hash) => hash === undefined)) return null;
  return Frontier.fromNodes(treeSize, hashes as Hash[]);
}
