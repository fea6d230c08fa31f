import { EMPTY_TREE_ROOT, isHash, nodeHash, type Hash, type NodeId } from './tree-hash';

interface FrontierNode {
  id: NodeId;
  hash: Hash;
}

/**
 * The compact range [0, size): the complete subtrees of the tree's right edge, largest first. It is all an
 * appender needs to keep in memory: O(log n) hashes give the root and absorb the next leaf.
 */
export class Frontier {
  private constructor(
    private readonly nodes: FrontierNode[],
    private leafCount: number,
  ) {}

  static empty(): Frontier {
    return new Frontier([], 0);
  }

  /** The complete aligned nodes that make up [0, size), largest (leftmost) first; there are popcount(size) of them. */
  static nodesOf(size: number): NodeId[] {
    assertTreeSize(size);
    const ids: NodeId[] = [];
    let covered = 0;
    // One node per set bit of size, from the highest; arithmetic keeps sizes above 2^32 exact.
    for (let width = highestPowerOfTwoAtMost(size), level = Math.log2(width); width >= 1; width /= 2, level--) {
      if (size - covered >= width) {
        ids.push({ level, index: covered / width });
        covered += width;
      }
    }
    return ids;
  }

  /** Rebuilds from the hashes of nodesOf(size), in that order (throws if the count is wrong). */
  static fromNodes(size: number, hashes: readonly Hash[]): Frontier {
    const ids = Frontier.nodesOf(size);
    if (hashes.length !== ids.length) {
      throw new RangeError(`a tree of ${size} leaves has ${ids.length} frontier nodes, got ${hashes.length} hashes`);
    }
    hashes.forEach((hash, i) => {
      if (!isHash(hash)) throw new RangeError(`frontier hash ${i} is not 32 bytes`);
    });
    // Copies, so a caller reusing its buffers cannot change this frontier afterwards.
    return new Frontier(
      ids.map((id, i) => ({ id, hash: Buffer.from(hashes[i]) })),
      size,
    );
  }

  get size(): number {
    return this.leafCount;
  }

  /** Appends one leaf hash; returns every complete node this append created, the leaf itself (level 0) first, then each parent completed by it. */
  append(leaf: Hash): Array<{ id: NodeId; hash: Hash }> {
    if (!isHash(leaf)) throw new RangeError('leaf hash must be 32 bytes');
    if (this.leafCount >= Number.MAX_SAFE_INTEGER) throw new RangeError('tree size would exceed 2^53 - 1');
    const created: FrontierNode[] = [{ id: { level: 0, index: this.leafCount }, hash: Buffer.from(leaf) }];
    this.nodes.push(created[0]);
    // Levels strictly decrease along the frontier, so two equal levels at the tail are siblings to merge.
    while (this.nodes.length >= 2 && this.nodes[this.nodes.length - 2].id.level === this.nodes[this.nodes.length - 1].id.level) {
      const right = this.nodes.pop() as FrontierNode;
      const left = this.nodes.pop() as FrontierNode;
      const parent: FrontierNode = {
        id: { level: left.id.level + 1, index: left.id.index / 2 },
        hash: nodeHash(left.hash, right.hash),
      };
      this.nodes.push(parent);
      created.push(parent);
    }
    this.leafCount += 1;
    return created.map(({ id, hash }) => ({ id: { ...id }, hash: Buffer.from(hash) }));
  }

  /** The RFC 9162 root of the tree of `size` leaves (EMPTY_TREE_ROOT for 0): fold the nodes right to left, nodeHash(left, acc). */
  root(): Hash {
    if (this.nodes.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
    let acc = this.nodes[this.nodes.length - 1].hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) acc = nodeHash(this.nodes[i].hash, acc);
    return Buffer.from(acc);
  }
}

function assertTreeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size must be a safe integer >= 0, got ${size}`);
}

function highestPowerOfTwoAtMost(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
}
