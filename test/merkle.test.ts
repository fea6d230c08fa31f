import { Frontier } from '../src/modules/audit/merkle/frontier';
import {
  consistencyProofRanges,
  inclusionProofRanges,
  nodeKey,
  nodesCovering,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from '../src/modules/audit/merkle/proofs';
import { EMPTY_TREE_ROOT, leafHash, nodeHash, rootOfLeaves, type Hash, type NodeId } from '../src/modules/audit/merkle/tree-hash';

/**
 * The Merkle-tree core of the audit log: RFC 9162 hashing, the append frontier, and inclusion / consistency
 * proofs. Known answers come from transparency-dev/merkle (the RFC 6962 vectors shared with
 * certificate-transparency and Trillian); the rest are properties checked against the RFC's recursive MTH.
 */

const hex = (s: string): Hash => Buffer.from(s, 'hex');

// ---------------------------------------------------------------------------------------------------------------
// Known answers, transparency-dev/merkle @ 417fb0c314750d94e53942e9f92e79b6d35915db:
//   testonly/constants.go  — LeafInputs, NodeHashes, RootHashes, CompactTrees, EmptyRootHash
//   cmd/proofgen/main.go   — inclusionProofs, consistencyProofs (the source of testdata/{inclusion,consistency});
//                            its leafIdx is 1-based (main.go passes p.leafIdx-1), converted to 0-based below
//   rfc6962/rfc6962_test.go — leaf hash of "L123456"
// ---------------------------------------------------------------------------------------------------------------

const RFC_LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);

/** NodeHashes()[level][index]: every complete subtree of the 8-leaf tree. */
const RFC_NODE_HASHES: Hash[][] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
].map((level) => level.map(hex));

/** RootHashes()[size] for sizes 0..8. */
const RFC_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);

/** CompactTrees()[size]: the frontier hashes of each size, as [level, index] into RFC_NODE_HASHES. */
const RFC_COMPACT_TREES: Array<Array<[number, number]>> = [
  [],
  [[0, 0]],
  [[1, 0]],
  [
    [1, 0],
    [0, 2],
  ],
  [[2, 0]],
  [
    [2, 0],
    [0, 4],
  ],
  [
    [2, 0],
    [1, 2],
  ],
  [
    [2, 0],
    [1, 2],
    [0, 6],
  ],
  [[3, 0]],
];

const RFC_INCLUSION_PROOFS: Array<{ leafIndex: number; treeSize: number; proof: Hash[] }> = [
  { leafIndex: 0, treeSize: 1, proof: [] },
  {
    leafIndex: 0,
    treeSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ].map(hex),
  },
  {
    leafIndex: 5,
    treeSize: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(hex),
  },
  { leafIndex: 2, treeSize: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'].map(hex) },
  {
    leafIndex: 1,
    treeSize: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ].map(hex),
  },
];

const RFC_CONSISTENCY_PROOFS: Array<{ fromSize: number; toSize: number; proof: Hash[] }> = [
  { fromSize: 1, toSize: 1, proof: [] },
  {
    fromSize: 1,
    toSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ].map(hex),
  },
  {
    fromSize: 6,
    toSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(hex),
  },
  {
    fromSize: 2,
    toSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ].map(hex),
  },
  {
    fromSize: 6,
    toSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ].map(hex),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

interface GrownTree {
  leaves: Hash[];
  /** Every node any append returned, by nodeKey: what a log would have written to storage. */
  stored: Map<string, Hash>;
  /** The frontier's root after each append; rootsBySize[n] is the root of the first n leaves. */
  rootsBySize: Hash[];
  createdBySize: Array<Array<{ id: NodeId; hash: Hash }>>;
}

function growTree(leaves: Hash[]): GrownTree {
  const frontier = Frontier.empty();
  const stored = new Map<string, Hash>();
  const rootsBySize = [frontier.root()];
  const createdBySize: GrownTree['createdBySize'] = [[]];
  for (const leaf of leaves) {
    const created = frontier.append(leaf);
    for (const node of created) stored.set(nodeKey(node.id), node.hash);
    rootsBySize.push(frontier.root());
    createdBySize.push(created);
  }
  return { leaves, stored, rootsBySize, createdBySize };
}

/** A node lookup for a tree of `size` leaves that refuses nodes the log could not have completed yet. */
function lookupAtSize(tree: GrownTree, size: number): (id: NodeId) => Hash {
  return (id) => {
    const end = (id.index + 1) * 2 ** id.level;
    if (end > size) throw new Error(`node ${nodeKey(id)} is not complete in a tree of ${size} leaves`);
    const hash = tree.stored.get(nodeKey(id));
    if (!hash) throw new Error(`node ${nodeKey(id)} was never stored`);
    return hash;
  };
}

/** rootOfLeaves of a slice, memoised because the same ranges recur across thousands of proofs. */
function referenceHasher(leaves: Hash[]): (start: number, end: number) => Hash {
  const cache = new Map<string, Hash>();
  return (start, end) => {
    const key = `${start}-${end}`;
    let hash = cache.get(key);
    if (!hash) {
      hash = rootOfLeaves(leaves.slice(start, end));
      cache.set(key, hash);
    }
    return hash;
  };
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(Math.log2(n));
}

/**
 * The condition under which rangeHash (greedy aligned blocks, folded right to left) equals the RFC MTH: the range
 * is a complete aligned subtree, or it runs to the tree's end from a start aligned to the power of two at or
 * above its length, so the greedy blocks are exactly the RFC's largest-power-of-two splits.
 */
function isRfcShapedRange([start, end]: [number, number], treeSize: number): boolean {
  const length = end - start;
  if (isPowerOfTwo(length) && start % length === 0) return true;
  let ceiling = 1;
  while (ceiling < length) ceiling *= 2;
  return end === treeSize && start % ceiling === 0;
}

function flipBit(hash: Hash, bit: number): Hash {
  const copy = Buffer.from(hash);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
}

const leavesNamed = (count: number): Hash[] => Array.from({ length: count }, (_, i) => leafHash(`audit event ${i}`));

// ---------------------------------------------------------------------------------------------------------------
// Known-answer tests
// ---------------------------------------------------------------------------------------------------------------

describe('RFC 6962 known answers (transparency-dev/merkle)', () => {
  const rfcLeafHashes = RFC_LEAF_INPUTS.map((input) => leafHash(input));
  const rfcLookup = (id: NodeId): Hash => RFC_NODE_HASHES[id.level][id.index];

  it('hashes the empty tree and single leaves as the RFC does', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(new Uint8Array()).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash('L123456').toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(leafHash(Buffer.from('L123456'))).toEqual(leafHash('L123456'));
    expect(rfcLeafHashes).toEqual(RFC_NODE_HASHES[0]);
  });

  it('gives the published root for every size 0..8, by the reference MTH and by the frontier', () => {
    const tree = growTree(rfcLeafHashes);
    for (let size = 0; size <= 8; size++) {
      expect(rootOfLeaves(rfcLeafHashes.slice(0, size))).toEqual(RFC_ROOTS[size]);
      expect(tree.rootsBySize[size]).toEqual(RFC_ROOTS[size]);
    }
  });

  it('creates exactly the published complete subtrees while appending', () => {
    const tree = growTree(rfcLeafHashes);
    const publishedCount = RFC_NODE_HASHES.reduce((sum, level) => sum + level.length, 0);
    expect(tree.stored.size).toBe(publishedCount);
    RFC_NODE_HASHES.forEach((level, l) => level.forEach((hash, i) => expect(tree.stored.get(nodeKey({ level: l, index: i }))).toEqual(hash)));
  });

  it('matches the published compact ranges and rebuilds each size from them', () => {
    for (let size = 0; size <= 8; size++) {
      const published = RFC_COMPACT_TREES[size];
      expect(Frontier.nodesOf(size).map(({ level, index }) => [level, index])).toEqual(published);
      const frontier = Frontier.fromNodes(
        size,
        published.map(([level, index]) => RFC_NODE_HASHES[level][index]),
      );
      expect(frontier.size).toBe(size);
      expect(frontier.root()).toEqual(RFC_ROOTS[size]);
      for (let next = size; next < 8; next++) frontier.append(rfcLeafHashes[next]);
      expect(frontier.root()).toEqual(RFC_ROOTS[8]);
    }
  });

  it.each(RFC_INCLUSION_PROOFS)(
    'builds and verifies the published inclusion proof of leaf $leafIndex in size $treeSize',
    ({ leafIndex, treeSize, proof }) => {
      const built = inclusionProofRanges(leafIndex, treeSize).map(([start, end]) => rangeHash(start, end, rfcLookup));
      expect(built).toEqual(proof);
      expect(verifyInclusion(leafIndex, treeSize, rfcLeafHashes[leafIndex], proof, RFC_ROOTS[treeSize])).toBe(true);
    },
  );

  it.each(RFC_CONSISTENCY_PROOFS)('builds and verifies the published consistency proof $fromSize -> $toSize', ({ fromSize, toSize, proof }) => {
    const built = consistencyProofRanges(fromSize, toSize).map(([start, end]) => rangeHash(start, end, rfcLookup));
    expect(built).toEqual(proof);
    expect(verifyConsistency(fromSize, toSize, RFC_ROOTS[fromSize], RFC_ROOTS[toSize], proof)).toBe(true);
  });

  it('rejects the edge cases transparency-dev lists under testdata/consistency/additional', () => {
    const [empty, root1, root2] = [EMPTY_TREE_ROOT, RFC_ROOTS[1], RFC_ROOTS[2]];
    expect(verifyConsistency(0, 0, empty, empty, [])).toBe(false); // a consistency check from an empty tree proves nothing
    expect(verifyConsistency(0, 1, empty, root1, [])).toBe(false);
    expect(verifyConsistency(0, 1, empty, empty, [empty])).toBe(false);
    expect(verifyConsistency(1, 0, root1, empty, [])).toBe(false);
    expect(verifyConsistency(2, 1, root2, root1, [])).toBe(false);
    expect(verifyConsistency(1, 1, root1, root2, [])).toBe(false);
    expect(verifyConsistency(1, 1, root1, root1, [root1])).toBe(false);
    expect(verifyConsistency(1, 2, root1, root2, [])).toBe(false);
    expect(verifyConsistency(1, 1, root1, root1, [])).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties against the reference MTH
// ---------------------------------------------------------------------------------------------------------------

const SMALL_SIZES = Array.from({ length: 70 }, (_, i) => i + 1);
const LARGE_SIZES = [127, 128, 129, 511, 512, 513, 1000, 1024, 1025];
const ALL_SIZES = [...SMALL_SIZES, ...LARGE_SIZES];

describe('Frontier', () => {
  const tree = growTree(leavesNamed(1025));
  const reference = referenceHasher(tree.leaves);

  it('has the reference root after every append', () => {
    for (const size of [0, ...ALL_SIZES]) expect(tree.rootsBySize[size]).toEqual(reference(0, size));
  });

  it('returns the leaf first, then each parent it completed, each equal to the reference hash of its range', () => {
    for (let size = 1; size <= 1025; size++) {
      const created = tree.createdBySize[size];
      expect(created[0].id).toEqual({ level: 0, index: size - 1 });
      created.forEach(({ id, hash }, i) => {
        expect(id.level).toBe(i);
        const width = 2 ** id.level;
        // Each created node ends exactly at the new leaf: an append completes nothing else.
        expect((id.index + 1) * width).toBe(size);
        expect(hash).toEqual(reference(id.index * width, (id.index + 1) * width));
      });
      // Trailing one bits of the old size are the carries of the binary increment.
      let carries = 0;
      for (let n = size - 1; n % 2 === 1; n = (n - 1) / 2) carries++;
      expect(created).toHaveLength(carries + 1);
    }
  });

  it('continues to the same roots from fromNodes(size, hashes of nodesOf(size))', () => {
    for (const size of [0, ...SMALL_SIZES, 1000]) {
      const ids = Frontier.nodesOf(size);
      const lookup = lookupAtSize(tree, size);
      const resumed = Frontier.fromNodes(
        size,
        ids.map((id) => lookup(id)),
      );
      expect(resumed.root()).toEqual(tree.rootsBySize[size]);
      for (let next = size; next < Math.min(size + 40, 1025); next++) {
        resumed.append(tree.leaves[next]);
        expect(resumed.root()).toEqual(tree.rootsBySize[next + 1]);
      }
    }
  });

  it('lists popcount(size) aligned nodes, largest first, tiling [0, size)', () => {
    for (const size of [0, ...ALL_SIZES, 2 ** 32 + 3, 2 ** 53 - 1]) {
      const ids = Frontier.nodesOf(size);
      expect(ids).toHaveLength([...size.toString(2)].filter((bit) => bit === '1').length);
      let covered = 0;
      for (const [i, id] of ids.entries()) {
        if (i > 0) expect(id.level).toBeLessThan(ids[i - 1].level);
        expect(id.index * 2 ** id.level).toBe(covered);
        covered += 2 ** id.level;
      }
      expect(covered).toBe(size);
    }
  });

  it('refuses hashes that do not fit the size', () => {
    const hash = leafHash('x');
    expect(() => Frontier.fromNodes(3, [hash])).toThrow(RangeError);
    expect(() => Frontier.fromNodes(4, [hash, hash])).toThrow(RangeError);
    expect(() => Frontier.fromNodes(1, [hash.subarray(0, 31)])).toThrow(RangeError);
    expect(() => Frontier.fromNodes(-1, [])).toThrow(RangeError);
    expect(() => Frontier.nodesOf(1.5)).toThrow(RangeError);
    expect(() => Frontier.empty().append(Buffer.alloc(31))).toThrow(RangeError);
  });

  it('is not changed through the buffers it was given or returned', () => {
    const leaf = leafHash('a');
    const frontier = Frontier.empty();
    const [created] = frontier.append(leaf);
    leaf.fill(0);
    created.hash.fill(0);
    frontier.root().fill(0);
    expect(frontier.root()).toEqual(leafHash('a'));
  });
});

describe('nodesCovering and rangeHash', () => {
  const tree = growTree(leavesNamed(64));
  const reference = referenceHasher(tree.leaves);

  it('tiles any range with greedy aligned blocks', () => {
    expect(nodesCovering(0, 0)).toEqual([]);
    expect(nodesCovering(5, 13)).toEqual([
      { level: 0, index: 5 },
      { level: 1, index: 3 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(nodesCovering(2 ** 52, 2 ** 53 - 1)).toHaveLength(52);
    for (let start = 0; start <= 64; start++) {
      for (let end = start; end <= 64; end++) {
        let at = start;
        for (const id of nodesCovering(start, end)) {
          if (id.index * 2 ** id.level !== at) throw new Error(`[${start}, ${end}) has a gap or overlap at ${at}`);
          at += 2 ** id.level;
        }
        if (at !== end) throw new Error(`[${start}, ${end}) is covered only up to ${at}`);
      }
    }
  });

  it('equals the RFC MTH for complete and right-edge ranges, and (as documented) not for arbitrary ones', () => {
    const lookup = lookupAtSize(tree, 64);
    expect(rangeHash(0, 0, lookup)).toEqual(EMPTY_TREE_ROOT);
    expect(rangeHash(32, 45, lookup)).toEqual(reference(32, 45));
    expect(rangeHash(8, 16, lookup)).toEqual(reference(8, 16));
    // [1, 4): greedy gives 1 | 2-3, the RFC splits 1-2 | 3.
    expect(rangeHash(1, 4, lookup)).not.toEqual(reference(1, 4));
  });

  it('rejects bad ranges and missing nodes', () => {
    expect(() => nodesCovering(3, 2)).toThrow(RangeError);
    expect(() => nodesCovering(-1, 2)).toThrow(RangeError);
    expect(() => rangeHash(0, 2, () => Buffer.alloc(0))).toThrow(RangeError);
    expect(nodeKey({ level: 3, index: 17 })).toBe('3:17');
  });
});

describe('inclusion proofs', () => {
  const tree = growTree(leavesNamed(1025));
  const reference = referenceHasher(tree.leaves);

  const proofFor = (leafIndex: number, treeSize: number): Hash[] => {
    const lookup = lookupAtSize(tree, treeSize);
    return inclusionProofRanges(leafIndex, treeSize).map(([start, end]) => rangeHash(start, end, lookup));
  };

  it('verifies for every leaf of every size, with every range RFC-shaped and equal to the reference MTH', () => {
    for (const treeSize of ALL_SIZES) {
      for (let leafIndex = 0; leafIndex < treeSize; leafIndex++) {
        const ranges = inclusionProofRanges(leafIndex, treeSize);
        const lookup = lookupAtSize(tree, treeSize);
        const proof = ranges.map((range) => {
          if (!isRfcShapedRange(range, treeSize)) throw new Error(`range ${range.join('-')} of size ${treeSize} is not RFC-shaped`);
          const hash = rangeHash(range[0], range[1], lookup);
          // Plain checks in the hot loops: expect() per element makes this run take seconds.
          if (!hash.equals(reference(range[0], range[1]))) throw new Error(`range ${range.join('-')} of size ${treeSize} differs from the MTH`);
          return hash;
        });
        if (!verifyInclusion(leafIndex, treeSize, tree.leaves[leafIndex], proof, tree.rootsBySize[treeSize])) {
          throw new Error(`inclusion proof of ${leafIndex} in ${treeSize} does not verify`);
        }
      }
    }
  });

  it('fails when tampered with', () => {
    const extra = leafHash('not part of the tree');
    for (const treeSize of [...SMALL_SIZES, 1000, 1025]) {
      const root = tree.rootsBySize[treeSize];
      for (let leafIndex = 0; leafIndex < treeSize; leafIndex += treeSize > 70 ? 37 : 1) {
        const leaf = tree.leaves[leafIndex];
        const proof = proofFor(leafIndex, treeSize);
        const tampered: Array<[string, boolean]> = [
          ['wrong leaf', verifyInclusion(leafIndex, treeSize, extra, proof, root)],
          ['wrong root', verifyInclusion(leafIndex, treeSize, leaf, proof, flipBit(root, leafIndex))],
          ['extra element', verifyInclusion(leafIndex, treeSize, leaf, [...proof, extra], root)],
          ['extra leading element', verifyInclusion(leafIndex, treeSize, leaf, [extra, ...proof], root)],
          ['index past size', verifyInclusion(treeSize, treeSize, leaf, proof, root)],
        ];
        proof.forEach((_, i) => {
          const bit = (i * 67 + leafIndex) % 256;
          tampered.push([
            `bit ${bit} of element ${i}`,
            verifyInclusion(
              leafIndex,
              treeSize,
              leaf,
              proof.map((h, j) => (j === i ? flipBit(h, bit) : h)),
              root,
            ),
          ]);
        });
        if (proof.length > 0) tampered.push(['truncated', verifyInclusion(leafIndex, treeSize, leaf, proof.slice(0, -1), root)]);
        for (const otherIndex of [leafIndex - 1, leafIndex + 1, leafIndex ^ 2]) {
          if (otherIndex >= 0 && otherIndex < treeSize && otherIndex !== leafIndex) {
            tampered.push([`index ${otherIndex}`, verifyInclusion(otherIndex, treeSize, leaf, proof, root)]);
          }
        }
        // A proof for one size never convinces against another size's root.
        for (const otherSize of [treeSize - 1, treeSize + 1, treeSize * 2, Math.floor(treeSize / 2)]) {
          if (otherSize > leafIndex && otherSize !== treeSize && otherSize <= 1025) {
            tampered.push([`size ${otherSize}`, verifyInclusion(leafIndex, otherSize, leaf, proof, tree.rootsBySize[otherSize])]);
          }
        }
        const accepted = tampered.filter(([, ok]) => ok).map(([what]) => what);
        if (accepted.length > 0) throw new Error(`leaf ${leafIndex} in ${treeSize} accepted: ${accepted.join(', ')}`);
      }
    }
  });

  it('returns false rather than throwing on malformed input', () => {
    const proof = proofFor(3, 10);
    const [leaf, root] = [tree.leaves[3], tree.rootsBySize[10]];
    expect(verifyInclusion(3, 10, leaf, proof, root)).toBe(true);
    expect(verifyInclusion(3, 0, leaf, [], EMPTY_TREE_ROOT)).toBe(false);
    expect(verifyInclusion(-1, 10, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(3.5, 10, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(Number.NaN, 10, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(3, Infinity, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(3, 10, leaf.subarray(0, 31), proof, root)).toBe(false);
    expect(verifyInclusion(3, 10, leaf, proof, Buffer.concat([root, Buffer.of(0)]))).toBe(false);
    expect(verifyInclusion(3, 10, leaf, [...proof.slice(0, -1), Buffer.alloc(0)], root)).toBe(false);
    expect(verifyInclusion(3, 10, leaf, null as unknown as Hash[], root)).toBe(false);
    expect(verifyInclusion(3, 10, leaf, proof, 'root' as unknown as Hash)).toBe(false);
    // The RFC's single-entry case: a one-leaf tree's root is the leaf hash and the proof is empty.
    expect(verifyInclusion(0, 1, tree.leaves[0], [], tree.rootsBySize[1])).toBe(true);
    expect(verifyInclusion(0, 1, tree.leaves[0], [], EMPTY_TREE_ROOT)).toBe(false);
  });

  it('checks its arguments', () => {
    expect(() => inclusionProofRanges(5, 5)).toThrow(RangeError);
    expect(() => inclusionProofRanges(0, 0)).toThrow(RangeError);
    expect(() => inclusionProofRanges(-1, 5)).toThrow(RangeError);
    expect(() => inclusionProofRanges(1.5, 5)).toThrow(RangeError);
    expect(() => inclusionProofRanges(0, 2 ** 53)).toThrow(RangeError);
    expect(inclusionProofRanges(2 ** 53 - 2, 2 ** 53 - 1)).toHaveLength(52);
  });
});

describe('consistency proofs', () => {
  const tree = growTree(leavesNamed(1025));
  const reference = referenceHasher(tree.leaves);
  const PAIRS: Array<[number, number]> = [];
  for (let toSize = 1; toSize <= 40; toSize++) for (let fromSize = 1; fromSize <= toSize; fromSize++) PAIRS.push([fromSize, toSize]);
  PAIRS.push([1, 1025], [512, 1025], [513, 1025], [1000, 1025], [999, 1000], [512, 1024], [7, 1000], [128, 129]);

  const proofFor = (fromSize: number, toSize: number): Hash[] => {
    const lookup = lookupAtSize(tree, toSize);
    return consistencyProofRanges(fromSize, toSize).map(([start, end]) => rangeHash(start, end, lookup));
  };

  it('verifies for every pair 1 <= m <= n <= 40 and some large ones, with every range RFC-shaped and equal to the reference MTH', () => {
    for (const [fromSize, toSize] of PAIRS) {
      const lookup = lookupAtSize(tree, toSize);
      const proof = consistencyProofRanges(fromSize, toSize).map((range) => {
        if (!isRfcShapedRange(range, toSize)) throw new Error(`range ${range.join('-')} of ${fromSize}->${toSize} is not RFC-shaped`);
        const hash = rangeHash(range[0], range[1], lookup);
        if (!hash.equals(reference(range[0], range[1]))) throw new Error(`range ${range.join('-')} of ${fromSize}->${toSize} differs from the MTH`);
        return hash;
      });
      if (!verifyConsistency(fromSize, toSize, tree.rootsBySize[fromSize], tree.rootsBySize[toSize], proof)) {
        throw new Error(`consistency proof ${fromSize}->${toSize} does not verify`);
      }
    }
  });

  it('fails when tampered with', () => {
    const extra = leafHash('not part of the tree');
    for (const [fromSize, toSize] of PAIRS) {
      const [fromRoot, toRoot] = [tree.rootsBySize[fromSize], tree.rootsBySize[toSize]];
      const proof = proofFor(fromSize, toSize);
      const tampered: Array<[string, boolean]> = [
        ['wrong old root', verifyConsistency(fromSize, toSize, flipBit(fromRoot, toSize), toRoot, proof)],
        ['wrong new root', verifyConsistency(fromSize, toSize, fromRoot, flipBit(toRoot, fromSize), proof)],
        ['extra element', verifyConsistency(fromSize, toSize, fromRoot, toRoot, [...proof, extra])],
        ['extra leading element', verifyConsistency(fromSize, toSize, fromRoot, toRoot, [extra, ...proof])],
      ];
      if (fromSize !== toSize) tampered.push(['swapped roots', verifyConsistency(fromSize, toSize, toRoot, fromRoot, proof)]);
      proof.forEach((_, i) => {
        const bit = (i * 67 + fromSize + toSize) % 256;
        tampered.push([
          `bit ${bit} of element ${i}`,
          verifyConsistency(
            fromSize,
            toSize,
            fromRoot,
            toRoot,
            proof.map((h, j) => (j === i ? flipBit(h, bit) : h)),
          ),
        ]);
      });
      if (proof.length > 0) tampered.push(['truncated', verifyConsistency(fromSize, toSize, fromRoot, toRoot, proof.slice(0, -1))]);
      // Claims about other sizes, each with the genuine root of that size.
      for (const [otherFrom, otherTo] of [
        [fromSize - 1, toSize],
        [fromSize + 1, toSize],
        [fromSize, toSize - 1],
        [fromSize, toSize + 1],
      ]) {
        if (otherFrom >= 1 && otherFrom <= otherTo && otherTo <= 1025 && (otherFrom !== fromSize || otherTo !== toSize)) {
          tampered.push([
            `sizes ${otherFrom}->${otherTo}`,
            verifyConsistency(otherFrom, otherTo, tree.rootsBySize[otherFrom], tree.rootsBySize[otherTo], proof),
          ]);
        }
      }
      const accepted = tampered.filter(([, ok]) => ok).map(([what]) => what);
      if (accepted.length > 0) throw new Error(`${fromSize}->${toSize} accepted: ${accepted.join(', ')}`);
    }
  });

  it('returns false rather than throwing on malformed input', () => {
    const proof = proofFor(3, 10);
    const [fromRoot, toRoot] = [tree.rootsBySize[3], tree.rootsBySize[10]];
    expect(verifyConsistency(3, 10, fromRoot, toRoot, proof)).toBe(true);
    expect(verifyConsistency(-3, 10, fromRoot, toRoot, proof)).toBe(false);
    expect(verifyConsistency(3, 10.5, fromRoot, toRoot, proof)).toBe(false);
    expect(verifyConsistency(3, 10, fromRoot.subarray(1), toRoot, proof)).toBe(false);
    expect(verifyConsistency(3, 10, fromRoot, toRoot, [proof[0], Buffer.alloc(33), ...proof.slice(2)])).toBe(false);
    expect(verifyConsistency(3, 10, fromRoot, toRoot, undefined as unknown as Hash[])).toBe(false);
    expect(verifyConsistency(10, 10, toRoot, toRoot, [])).toBe(true);
    expect(verifyConsistency(10, 10, toRoot, fromRoot, [])).toBe(false);
  });

  it('checks its arguments', () => {
    expect(consistencyProofRanges(0, 5)).toEqual([]);
    expect(consistencyProofRanges(0, 0)).toEqual([]);
    expect(consistencyProofRanges(5, 5)).toEqual([]);
    expect(() => consistencyProofRanges(6, 5)).toThrow(RangeError);
    expect(() => consistencyProofRanges(-1, 5)).toThrow(RangeError);
    expect(() => consistencyProofRanges(1, 2.5)).toThrow(RangeError);
    expect(consistencyProofRanges(2 ** 53 - 2, 2 ** 53 - 1).length).toBeGreaterThan(0);
  });
});

describe('nodeHash', () => {
  it('refuses children that are not 32-byte hashes', () => {
    expect(() => nodeHash(Buffer.from('N123'), Buffer.from('N456'))).toThrow(RangeError);
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b)).not.toEqual(nodeHash(b, a));
    expect(nodeHash(a, b)).not.toEqual(leafHash(Buffer.concat([a, b])));
  });
});
