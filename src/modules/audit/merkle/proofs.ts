import { EMPTY_TREE_ROOT, isHash, nodeHash, splitPoint, type Hash, type NodeId } from './tree-hash';

/**
 * Proof generation as leaf ranges and server-side verification, RFC 9162 §2.1.3 and §2.1.4. Generators name
 * ranges rather than hashes so the storage layer decides how to fetch the nodes (see nodesCovering / rangeHash).
 */

type LeafRange = [start: number, end: number];

/** Each proof element is the hash of a range of leaves [start, end); in the order RFC 9162 §2.1.3.1 (PATH) gives them. */
export function inclusionProofRanges(leafIndex: number, treeSize: number): Array<[start: number, end: number]> {
  assertCount('treeSize', treeSize);
  assertCount('leafIndex', leafIndex);
  if (leafIndex >= treeSize) throw new RangeError(`leafIndex ${leafIndex} is not below treeSize ${treeSize}`);
  return path(leafIndex, 0, treeSize);
}

/** PATH(m, D[start:end]) with m absolute; the sibling of each level follows the deeper part of the path. */
function path(m: number, start: number, end: number): LeafRange[] {
  const n = end - start;
  if (n === 1) return [];
  const mid = start + splitPoint(n);
  return m < mid ? [...path(m, start, mid), [mid, end]] : [...path(m, mid, end), [start, mid]];
}

/** RFC 9162 §2.1.4.1 (PROOF / SUBPROOF with b = true), same convention; empty when fromSize == toSize or fromSize == 0. */
export function consistencyProofRanges(fromSize: number, toSize: number): Array<[start: number, end: number]> {
  assertCount('fromSize', fromSize);
  assertCount('toSize', toSize);
  if (fromSize > toSize) throw new RangeError(`fromSize ${fromSize} is larger than toSize ${toSize}`);
  // Every tree extends the empty tree, so there is nothing to prove (verifyConsistency still refuses size 0).
  if (fromSize === 0 || fromSize === toSize) return [];
  return subproof(fromSize, 0, toSize, true);
}

/** SUBPROOF(m, D[start:end], b) with m absolute; b says whether [start, m) is still a prefix the verifier already holds. */
function subproof(m: number, start: number, end: number, knownPrefix: boolean): LeafRange[] {
  if (m === end) return knownPrefix ? [] : [[start, end]];
  const mid = start + splitPoint(end - start);
  return m <= mid ? [...subproof(m, start, mid, knownPrefix), [mid, end]] : [...subproof(m, mid, end, false), [start, mid]];
}

/** The complete aligned nodes whose hashes give the hash of leaves [start, end), left to right (greedy largest aligned blocks). */
export function nodesCovering(start: number, end: number): NodeId[] {
  assertCount('start', start);
  assertCount('end', end);
  if (start > end) throw new RangeError(`range start ${start} is after its end ${end}`);
  const ids: NodeId[] = [];
  for (let at = start; at < end;) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    ids.push({ level, index: at / width });
    at += width;
  }
  return ids;
}

/** The MTH of leaves [start, end) from stored complete nodes: combine nodesCovering(start,end) right to left (nodeHash(left, acc)). Note: this equals the RFC MTH of that range only when each range used is either complete-aligned or a right-edge range starting at an aligned boundary of the largest power of two — which is always the case for ranges produced by the two functions above; assert it in tests. */
export function rangeHash(start: number, end: number, lookup: (id: NodeId) => Hash): Hash {
  const ids = nodesCovering(start, end);
  if (ids.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
  const hashes = ids.map((id) => {
    const hash = lookup(id);
    if (!isHash(hash)) throw new RangeError(`lookup returned no 32-byte hash for node ${nodeKey(id)}`);
    return hash;
  });
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return Buffer.from(acc);
}

/** A stable string key for a NodeId, e.g. "3:17", for maps. */
export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/** Server-side verification (RFC 9162 §2.1.3.2 and §2.1.4.2). Return false (never throw) on any mismatch or malformed input. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leaf) || !isHash(root) || !isHashList(proof)) return false;
  // fn walks the leaf's path up, sn the tree's last leaf; they meet at the root. Halving instead of >> keeps 2^53.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Hash = leaf;
  for (const p of proof) {
    if (sn === 0) return false; // more proof than tree levels
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // fn == sn on an even index: the node has no right sibling here, so climb until it is a right child.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(r, root);
}

export function verifyConsistency(fromSize: number, toSize: number, fromRoot: Hash, toRoot: Hash, proof: readonly Hash[]): boolean {
  // An empty old tree is consistent with everything, so accepting it would prove nothing about toRoot.
  if (!isCount(fromSize) || !isCount(toSize) || fromSize === 0 || fromSize > toSize) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !isHashList(proof)) return false;
  if (fromSize === toSize) return proof.length === 0 && sameHash(fromRoot, toRoot);
  if (proof.length === 0) return false;
  // A power-of-two old tree is itself a node of the new tree, so the RFC leaves it out of the proof.
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : proof;
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function assertCount(name: string, value: number): void {
  if (!isCount(value)) throw new RangeError(`${name} must be a safe integer >= 0, got ${String(value)}`);
}

function isHashList(values: unknown): values is readonly Hash[] {
  return Array.isArray(values) && values.every(isHash);
}

/** Buffer.compare also takes plain Uint8Arrays, which isHash admits. */
function sameHash(a: Hash, b: Hash): boolean {
  return Buffer.compare(a, b) === 0;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  let power = 1;
  while (power < n) power *= 2;
  return power === n;
}
