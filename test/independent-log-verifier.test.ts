import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  fromBase64,
  leafHashOf,
  verifyCheckpoint,
  verifyConsistencyProof,
  verifyInclusionProof,
  type CheckpointDocument,
} from './support/independent-log-verifier';

/**
 * The independent verifier that other tests use to check the audit log's Merkle proofs and checkpoints.
 *
 * Its known answers come from outside this repository: the RFC 6962 reference vectors as published by
 * transparency-dev/merkle (commit 417fb0c314750d94e53942e9f92e79b6d35915db): the leaves and the node and root
 * hashes of testonly/constants.go, which certificate-transparency and Trillian share, and the golden proofs and
 * probes of testdata/inclusion and testdata/consistency (the same proofs as the older hard-coded tables of
 * proof/verify_test.go). Beyond those few proofs, a reference tree written in this file from the recursive
 * definitions of RFC 9162 §2.1 (and hashed with node:crypto, not the verifier's @noble) is first checked against
 * the published roots and then supplies every proof of the small trees, so the verifier's bit arithmetic is
 * compared with a second, structurally different reading of the RFC.
 */

// testonly/constants.go LeafInputs(), as hex.
const LEAF_INPUTS_HEX = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];

// testonly/constants.go NodeHashes()[0]: the leaf hashes of LeafInputs().
const LEAF_HASHES_HEX = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];

// testonly/constants.go RootHashes(), indexed by tree size (0 is the empty tree, SHA-256 of nothing).
const ROOTS_HEX = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

interface InclusionProbe {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[];
}

// testdata/inclusion/{0..4}/happy-path.json and single-entry/matching-root-and-leaf.json, fields verbatim (base64).
const PUBLISHED_INCLUSION_PROOFS: InclusionProbe[] = [
  {
    file: 'inclusion/0/happy-path.json',
    leafIdx: 0,
    treeSize: 1,
    root: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    leafHash: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [],
  },
  {
    file: 'inclusion/1/happy-path.json',
    leafIdx: 0,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
  },
  {
    file: 'inclusion/2/happy-path.json',
    leafIdx: 5,
    treeSize: 8,
    root: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    leafHash: 'QnGia+DYqE8L1UyMMC58s6O10fpngKQLzOKHNHfatlg=',
    proof: [
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
  },
  {
    file: 'inclusion/3/happy-path.json',
    leafIdx: 2,
    treeSize: 3,
    root: 'rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=',
    leafHash: 'ApjRIpBtz8EIkstTpzmS/FufST6kybrbJ7eRtBJ6f+c=',
    proof: ['+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU='],
  },
  {
    file: 'inclusion/4/happy-path.json',
    leafIdx: 1,
    treeSize: 5,
    root: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    leafHash: 'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
    proof: [
      'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
    ],
  },
  {
    file: 'inclusion/single-entry/matching-root-and-leaf.json',
    leafIdx: 0,
    treeSize: 1,
    root: 'DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=',
    leafHash: 'DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=',
    proof: [],
  },
];

// testdata/inclusion/additional/* and single-entry/*: published probes that must fail (empty or foreign hashes,
// indices outside the tree). '47DEQ…' is the empty-tree root, 'q6yr…' the reference tests' "some hash".
const PUBLISHED_FAILING_INCLUSION_PROBES: InclusionProbe[] = [
  {
    file: 'inclusion/additional/0/empty-root-and-random-leaf.json',
    leafIdx: 0,
    treeSize: 0,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/0/empty-root.json',
    leafIdx: 0,
    treeSize: 0,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: '',
    proof: [],
  },
  {
    file: 'inclusion/additional/0/random-leaf.json',
    leafIdx: 0,
    treeSize: 0,
    root: '',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/1/empty-root-and-random-leaf.json',
    leafIdx: 0,
    treeSize: 1,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/1/empty-root.json',
    leafIdx: 0,
    treeSize: 1,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: '',
    proof: [],
  },
  {
    file: 'inclusion/additional/1/random-leaf.json',
    leafIdx: 0,
    treeSize: 1,
    root: '',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/2/empty-root-and-random-leaf.json',
    leafIdx: 1,
    treeSize: 0,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/2/empty-root.json',
    leafIdx: 1,
    treeSize: 0,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: '',
    proof: [],
  },
  {
    file: 'inclusion/additional/2/random-leaf.json',
    leafIdx: 1,
    treeSize: 0,
    root: '',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/3/empty-root-and-random-leaf.json',
    leafIdx: 2,
    treeSize: 1,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/additional/3/empty-root.json',
    leafIdx: 2,
    treeSize: 1,
    root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    leafHash: '',
    proof: [],
  },
  {
    file: 'inclusion/additional/3/random-leaf.json',
    leafIdx: 2,
    treeSize: 1,
    root: '',
    leafHash: 'q6yroAAAAAAAAAAAAAAAAAAAAAAAAAAAAGAGHgASNFY=',
    proof: [],
  },
  {
    file: 'inclusion/single-entry/empty-leaf.json',
    leafIdx: 0,
    treeSize: 1,
    root: 'DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=',
    leafHash: '',
    proof: [],
  },
  { file: 'inclusion/single-entry/empty-root-and-leaf.json', leafIdx: 0, treeSize: 1, root: '', leafHash: '', proof: [] },
  {
    file: 'inclusion/single-entry/empty-root.json',
    leafIdx: 0,
    treeSize: 1,
    root: '',
    leafHash: 'DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=',
    proof: [],
  },
];

interface ConsistencyProbe {
  file: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
}

// testdata/consistency/{0..4}/happy-path.json, fields verbatim.
const PUBLISHED_CONSISTENCY_PROOFS: ConsistencyProbe[] = [
  {
    file: 'consistency/0/happy-path.json',
    size1: 1,
    size2: 1,
    root1: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    root2: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    proof: [],
  },
  {
    file: 'consistency/1/happy-path.json',
    size1: 1,
    size2: 8,
    root1: 'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=',
    root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    proof: [
      'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
      'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
      'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
    ],
  },
  {
    file: 'consistency/2/happy-path.json',
    size1: 6,
    size2: 8,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
  },
  {
    file: 'consistency/3/happy-path.json',
    size1: 2,
    size2: 5,
    root1: '+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=',
    root2: 'Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=',
    proof: ['Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=', 'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms='],
  },
  {
    file: 'consistency/4/happy-path.json',
    size1: 6,
    size2: 7,
    root1: 'duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=',
    root2: '3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=',
    proof: [
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=',
      'sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=',
      '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ],
  },
];

// testdata/consistency/additional/*, with the reference verifier's verdict. 'ZG9u…' are the 12-byte ASCII strings
// "don't care 1" / "don't care 2" that the reference tests use as roots.
const EMPTY = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const CARE1 = 'ZG9uJ3QgY2FyZSAx';
const CARE2 = 'ZG9uJ3QgY2FyZSAy';
const PUBLISHED_CONSISTENCY_EDGE_PROBES: Array<ConsistencyProbe & { referenceAccepts: boolean }> = [
  {
    file: 'consistency-check-on-empty-tree-size1-is-zero-is-useless.json',
    size1: 0,
    size2: 1,
    root1: EMPTY,
    root2: EMPTY,
    proof: [EMPTY],
    referenceAccepts: false,
  },
  { file: 'roots-do-not-match-and-sizes-are-zero.json', size1: 0, size2: 0, root1: EMPTY, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'roots-do-not-not-match-and-sizes-are-one.json', size1: 1, size2: 1, root1: EMPTY, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'size1-is-greater-than-size2-again.json', size1: 2, size2: 1, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'size1-is-greater-than-size2.json', size1: 1, size2: 0, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'size1-is-zero-and-does-not-equal-size2.json', size1: 0, size2: 1, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'size1-is-zero-and-size2-is-not-zero.json', size1: 0, size2: 1, root1: EMPTY, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'sizes-are-equal-one-and-proof-is-empty.json', size1: 1, size2: 1, root1: CARE2, root2: CARE2, proof: [], referenceAccepts: true },
  { file: 'sizes-are-equal-one-but-roots-are-not.json', size1: 1, size2: 1, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'sizes-are-equal-zero-and-proof-is-empty.json', size1: 0, size2: 0, root1: CARE1, root2: CARE1, proof: [], referenceAccepts: false },
  { file: 'sizes-are-equal-zero-but-roots-are-not.json', size1: 0, size2: 0, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  { file: 'sizes-do-not-watch-and-proof-is-empty.json', size1: 1, size2: 2, root1: CARE1, root2: CARE2, proof: [], referenceAccepts: false },
  {
    file: 'sizes-match-but-proof-is-not-empty-and-sizes-are-one.json',
    size1: 1,
    size2: 1,
    root1: EMPTY,
    root2: EMPTY,
    proof: [EMPTY],
    referenceAccepts: false,
  },
  {
    file: 'sizes-match-but-proof-is-not-empty-and-sizes-are-zero.json',
    size1: 0,
    size2: 0,
    root1: EMPTY,
    root2: EMPTY,
    proof: [EMPTY],
    referenceAccepts: false,
  },
];

// --- Input helpers. Test inputs are decoded with Buffer, not with the verifier's own fromBase64, so a decoding bug
// there cannot make a vector agree with itself.

function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

function b64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

/** The published leaves are all below 0x80, so as a string each byte is one code point with the same UTF-8 byte. */
function leafText(leafHex: string): string {
  const bytes = hex(leafHex);
  if (bytes.some((byte) => byte >= 0x80)) throw new Error('leaf is not ASCII; leafHashOf would see other bytes');
  return String.fromCharCode(...bytes);
}

// --- A reference tree from the recursive definitions of RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1
// (PROOF/SUBPROOF). It uses BigInt and division rather than bit tricks, and node:crypto rather than @noble, to
// share as little as possible with the verifier. Each proof node carries the side it joins on and whether the old
// tree contains it, so tests can tell when two (index, size) pairs give proofs of the same shape.

function sha256Node(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** "k is the largest power of two smaller than n" (RFC 9162 §2.1.1), for n > 1. */
function splitPoint(n: bigint): bigint {
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  return k;
}

interface ReferenceTree {
  size: bigint;
  /** MTH(D[start:end]). */
  hash(start: bigint, end: bigint): Uint8Array;
}

function treeOfLeaves(leafInputs: Uint8Array[]): ReferenceTree {
  const hash = (start: bigint, end: bigint): Uint8Array => {
    const n = end - start;
    if (n === 0n) return sha256Node();
    if (n === 1n) return sha256Node(Uint8Array.of(0x00), leafInputs[Number(start)]);
    const k = splitPoint(n);
    return sha256Node(Uint8Array.of(0x01), hash(start, start + k), hash(start + k, end));
  };
  return { size: BigInt(leafInputs.length), hash };
}

/**
 * A tree of `size` identical leaves, of any size up to 2^53: the hash of a range depends only on its length, so it
 * is computed in O(log² n). The verifier works on BigInt because JavaScript's bit operators truncate to 32 bits;
 * only a tree this large can show that it does.
 */
function treeOfIdenticalLeaves(size: bigint): ReferenceTree {
  const byLength = new Map<bigint, Uint8Array>();
  const hashOfLength = (n: bigint): Uint8Array => {
    const known = byLength.get(n);
    if (known !== undefined) return known;
    const k = splitPoint(n);
    const value =
      n === 1n ? sha256Node(Uint8Array.of(0x00), Buffer.from('audit entry')) : sha256Node(Uint8Array.of(0x01), hashOfLength(k), hashOfLength(n - k));
    byLength.set(n, value);
    return value;
  };
  return { size, hash: (start, end) => hashOfLength(end - start) };
}

interface ProofNode {
  hash: Uint8Array;
  /** The side of the running hash this node is joined on. */
  side: 'left' | 'right';
}

/** PATH(m, D[start:end]). */
function referencePath(tree: ReferenceTree, m: bigint, start: bigint, end: bigint): ProofNode[] {
  const n = end - start;
  if (n === 1n) return [];
  const k = splitPoint(n);
  return m < k
    ? [...referencePath(tree, m, start, start + k), { hash: tree.hash(start + k, end), side: 'right' }]
    : [...referencePath(tree, m - k, start + k, end), { hash: tree.hash(start, start + k), side: 'left' }];
}

interface ConsistencyNode extends ProofNode {
  /** The first node is the old tree's rightmost complete subtree; it is left out when that subtree is the old tree. */
  role: 'seed' | 'sibling';
}

/** SUBPROOF(m, D[start:end], b). */
function referenceSubproof(tree: ReferenceTree, m: bigint, start: bigint, end: bigint, b: boolean): ConsistencyNode[] {
  const n = end - start;
  if (m === n) return b ? [] : [{ hash: tree.hash(start, end), side: 'left', role: 'seed' }];
  const k = splitPoint(n);
  return m <= k
    ? [...referenceSubproof(tree, m, start, start + k, b), { hash: tree.hash(start + k, end), side: 'right', role: 'sibling' }]
    : [...referenceSubproof(tree, m - k, start + k, end, false), { hash: tree.hash(start, start + k), side: 'left', role: 'sibling' }];
}

function inclusionProofOf(tree: ReferenceTree, index: number, size: number): Uint8Array[] {
  return referencePath(tree, BigInt(index), 0n, BigInt(size)).map((node) => node.hash);
}

function consistencyProofOf(tree: ReferenceTree, from: number, to: number): Uint8Array[] {
  return referenceSubproof(tree, BigInt(from), 0n, BigInt(to), true).map((node) => node.hash);
}

/**
 * The shape of a proof: which sides its nodes join on and, for consistency, whether it opens with a seed. Shapes
 * depend on the sizes alone, so they are read off a tree of identical leaves, which has every size.
 */
function pathShape(index: number, size: number): string {
  return referencePath(treeOfIdenticalLeaves(BigInt(size)), BigInt(index), 0n, BigInt(size))
    .map((node) => node.side)
    .join(',');
}

function subproofShape(from: number, to: number): string {
  if (from === 0 || from >= to) return `degenerate ${from} ${to}`;
  return referenceSubproof(treeOfIdenticalLeaves(BigInt(to)), BigInt(from), 0n, BigInt(to), true)
    .map((node) => `${node.role}:${node.side}`)
    .join(',');
}

const leafInputs = LEAF_INPUTS_HEX.map(hex);
const publishedTree = treeOfLeaves(leafInputs);
const rootOf = (size: number): Uint8Array => hex(ROOTS_HEX[size]);

describe('leafHashOf', () => {
  it.each(LEAF_INPUTS_HEX.map((leafHex, index) => [leafHex, LEAF_HASHES_HEX[index]]))(
    'hashes the published leaf %p to its published leaf hash',
    (leafHex, leafHash) => {
      expect(toHex(leafHashOf(leafText(leafHex)))).toBe(leafHash);
    },
  );

  it('hashes the UTF-8 bytes of the text, not its UTF-16 code units', () => {
    expect(toHex(leafHashOf('é'))).toBe(toHex(sha256Node(Uint8Array.of(0x00, 0xc3, 0xa9))));
  });
});

describe('the reference tree in this file', () => {
  // It supplies most of the proofs below, so it is held to the published roots and leaf hashes first.
  it.each(ROOTS_HEX.map((root, size) => [size, root]))('gives the published root for size %i', (size, root) => {
    expect(toHex(publishedTree.hash(0n, BigInt(size)))).toBe(root);
  });

  it('gives the published proofs', () => {
    for (const probe of PUBLISHED_INCLUSION_PROOFS.slice(0, 5)) {
      expect(inclusionProofOf(publishedTree, probe.leafIdx, probe.treeSize).map(toHex)).toEqual(probe.proof.map((p) => toHex(b64(p))));
    }
    for (const probe of PUBLISHED_CONSISTENCY_PROOFS) {
      expect(consistencyProofOf(publishedTree, probe.size1, probe.size2).map(toHex)).toEqual(probe.proof.map((p) => toHex(b64(p))));
    }
  });
});

describe('verifyInclusionProof', () => {
  describe.each(PUBLISHED_INCLUSION_PROOFS)('the published proof $file', (probe) => {
    const leafHash = b64(probe.leafHash);
    const proof = probe.proof.map(b64);
    const root = b64(probe.root);

    it('verifies', () => {
      expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, proof, root)).toBe(true);
    });

    it('fails with any one bit of the leaf hash, the root or a proof node flipped', () => {
      for (let bit = 0; bit < 256; bit++) {
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, flipBit(leafHash, bit), proof, root)).toBe(false);
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, proof, flipBit(root, bit))).toBe(false);
        proof.forEach((node, position) => {
          const changed = proof.map((p, i) => (i === position ? flipBit(node, bit) : p));
          expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, changed, root)).toBe(false);
        });
      }
    });

    // The index and size mutations of the published probe files (leafIdx-plus/sub-@1, leafIdx-XOR-@2,
    // treeSize-mul/div-@2), plus an index past the end.
    it('fails with a wrong index or size', () => {
      const indices = [probe.leafIdx + 1, probe.leafIdx - 1, probe.leafIdx ^ 2, probe.treeSize];
      for (const index of indices.filter((i) => i !== probe.leafIdx)) {
        expect(verifyInclusionProof(index, probe.treeSize, leafHash, proof, root)).toBe(false);
      }
      for (const size of [probe.treeSize * 2, Math.floor(probe.treeSize / 2), 0]) {
        expect(verifyInclusionProof(probe.leafIdx, size, leafHash, proof, root)).toBe(false);
      }
    });

    it('fails with the proof truncated, extended or reordered, or with the root as the leaf', () => {
      if (proof.length > 0) {
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, proof.slice(0, -1), root)).toBe(false);
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, proof.slice(1), root)).toBe(false);
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, [...proof].reverse(), root)).toBe(proof.length === 1);
      }
      // trailing-garbage, preceding-garbage, trailing-root, preceding-root, inserted-component
      const garbage = sha256Node(Buffer.from('garbage'));
      for (const extra of [garbage, root, leafHash]) {
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, [...proof, extra], root)).toBe(false);
        expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, leafHash, [extra, ...proof], root)).toBe(false);
      }
      if (probe.treeSize > 1) expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, root, proof, root)).toBe(false);
    });
  });

  it.each(PUBLISHED_FAILING_INCLUSION_PROBES)('rejects the published probe $file', (probe) => {
    expect(verifyInclusionProof(probe.leafIdx, probe.treeSize, b64(probe.leafHash), probe.proof.map(b64), b64(probe.root))).toBe(false);
  });

  it('verifies the proof of every leaf in every published tree, and nothing with another index or tree shape', () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const leafHash = hex(LEAF_HASHES_HEX[index]);
        const proof = inclusionProofOf(publishedTree, index, size);
        expect(verifyInclusionProof(index, size, leafHash, proof, rootOf(size))).toBe(true);
        // Within one tree every leaf has its own path shape, so no other index can verify.
        for (let other = 0; other < 10; other++) {
          if (other !== index) expect(verifyInclusionProof(other, size, leafHash, proof, rootOf(size))).toBe(false);
        }
        // An inclusion proof fixes the path's shape, not the tree size: (0, 3) and (0, 4) both go right twice, so a
        // proof for one verifies under the other's size. Only the signed checkpoint pins the size; here the verifier
        // must accept exactly the sizes whose reference path has the same shape.
        for (let otherSize = 1; otherSize <= 20; otherSize++) {
          if (otherSize === size) continue;
          const sameShape = index < otherSize && pathShape(index, otherSize) === pathShape(index, size);
          expect([otherSize, verifyInclusionProof(index, otherSize, leafHash, proof, rootOf(size))]).toEqual([otherSize, sameShape]);
        }
        if (proof.length > 0) {
          expect(verifyInclusionProof(index, size, leafHash, proof.slice(0, -1), rootOf(size))).toBe(false);
          expect(verifyInclusionProof(index, size, leafHash, [...proof, proof[0]], rootOf(size))).toBe(false);
          expect(verifyInclusionProof(index, size, leafHash, [...proof.slice(0, -1), flipBit(proof[proof.length - 1], 255)], rootOf(size))).toBe(
            false,
          );
        }
      }
    }
  });

  it('verifies proofs in trees past 2^32 leaves, where 32-bit bit operations would go wrong', () => {
    const cases: Array<[number, number]> = [
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 32 - 1, 2 ** 32 + 7],
      [0, 2 ** 40 + 2 ** 33 + 5],
      [2 ** 40 + 3, 2 ** 40 + 2 ** 33 + 5],
      [2 ** 31 + 6, 2 ** 31 + 7],
      [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
      [2 ** 52, Number.MAX_SAFE_INTEGER],
    ];
    for (const [index, size] of cases) {
      const tree = treeOfIdenticalLeaves(BigInt(size));
      const leafHash = tree.hash(0n, 1n);
      const proof = inclusionProofOf(tree, index, size);
      const root = tree.hash(0n, BigInt(size));
      expect([index, size, verifyInclusionProof(index, size, leafHash, proof, root)]).toEqual([index, size, true]);
      expect(verifyInclusionProof(index, size, leafHash, proof.slice(1), root)).toBe(false);
      expect(verifyInclusionProof(index, size, leafHash, [...proof, leafHash], root)).toBe(false);
    }
  });

  it('rejects sizes that are not non-negative safe integers and hashes that are not 32 bytes', () => {
    const leafHash = hex(LEAF_HASHES_HEX[0]);
    const proof = inclusionProofOf(publishedTree, 0, 8);
    const root = rootOf(8);
    for (const [index, size] of [
      [0.5, 8],
      [0, 8.5],
      [-1, 8],
      [0, -8],
      [Number.NaN, 8],
      [0, Number.POSITIVE_INFINITY],
      [0, 2 ** 53],
    ]) {
      expect(verifyInclusionProof(index, size, leafHash, proof, root)).toBe(false);
    }
    expect(verifyInclusionProof(0, 8, leafHash.subarray(0, 31), proof, root)).toBe(false);
    expect(verifyInclusionProof(0, 8, leafHash, proof, Uint8Array.from([...root, 0]))).toBe(false);
    expect(verifyInclusionProof(0, 8, leafHash, [proof[0], proof[1].subarray(0, 16), proof[2]], root)).toBe(false);
  });
});

describe('verifyConsistencyProof', () => {
  describe.each(PUBLISHED_CONSISTENCY_PROOFS)('the published proof $file', (probe) => {
    const root1 = b64(probe.root1);
    const root2 = b64(probe.root2);
    const proof = probe.proof.map(b64);

    it('verifies', () => {
      expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, proof)).toBe(true);
    });

    it('fails with any one bit of either root or a proof node flipped', () => {
      for (let bit = 0; bit < 256; bit++) {
        expect(verifyConsistencyProof(probe.size1, probe.size2, flipBit(root1, bit), root2, proof)).toBe(false);
        expect(verifyConsistencyProof(probe.size1, probe.size2, root1, flipBit(root2, bit), proof)).toBe(false);
        proof.forEach((node, position) => {
          const changed = proof.map((p, i) => (i === position ? flipBit(node, bit) : p));
          expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, changed)).toBe(false);
        });
      }
    });

    // size1-plus/sub-@1, size1-XOR-@2, size2-mul/div-@2 and swapped-roots of the published probe files.
    it('fails with a wrong size or swapped roots', () => {
      for (const size1 of [probe.size1 + 1, probe.size1 - 1, probe.size1 ^ 2]) {
        expect(verifyConsistencyProof(size1, probe.size2, root1, root2, proof)).toBe(false);
      }
      for (const size2 of [probe.size2 * 2, Math.floor(probe.size2 / 2)].filter((s) => s !== probe.size2)) {
        expect(verifyConsistencyProof(probe.size1, size2, root1, root2, proof)).toBe(false);
      }
      if (probe.size1 !== probe.size2) expect(verifyConsistencyProof(probe.size1, probe.size2, root2, root1, proof)).toBe(false);
    });

    it('fails with the proof truncated or extended', () => {
      if (proof.length > 0) {
        expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, proof.slice(1))).toBe(false);
      }
      // trailing/preceding garbage, trailing/preceding root1 and root2, preceding-proof-@0
      const garbage = sha256Node(Buffer.from('garbage'));
      for (const extra of [garbage, root1, root2, ...proof.slice(0, 1)]) {
        expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, [...proof, extra])).toBe(false);
        expect(verifyConsistencyProof(probe.size1, probe.size2, root1, root2, [extra, ...proof])).toBe(false);
      }
    });
  });

  it.each(PUBLISHED_CONSISTENCY_EDGE_PROBES)('decides the published probe $file', (probe) => {
    const verdict = verifyConsistencyProof(probe.size1, probe.size2, b64(probe.root1), b64(probe.root2), probe.proof.map(b64));
    // One deliberate difference from the reference verifier: it accepts equal sizes with equal 12-byte "roots",
    // this verifier refuses any root that is not a 32-byte SHA-256 value.
    const rootsAreHashes = b64(probe.root1).length === 32 && b64(probe.root2).length === 32;
    expect(verdict).toBe(probe.referenceAccepts && rootsAreHashes);
  });

  it('accepts equal sizes with equal 32-byte roots and an empty proof, as the reference verifier does', () => {
    for (let size = 1; size <= 8; size++) {
      expect(verifyConsistencyProof(size, size, rootOf(size), rootOf(size), [])).toBe(true);
      expect(verifyConsistencyProof(size, size, rootOf(size), rootOf(size), [rootOf(size)])).toBe(false);
    }
  });

  it('verifies the proof between every pair of published trees, and nothing with other sizes of another shape', () => {
    for (let to = 1; to <= 8; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = consistencyProofOf(publishedTree, from, to);
        expect([from, to, verifyConsistencyProof(from, to, rootOf(from), rootOf(to), proof)]).toEqual([from, to, true]);
        if (from === to) continue;
        // As for inclusion, a consistency proof fixes a shape rather than the sizes: accept exactly the size pairs
        // whose reference proof has the same shape.
        for (let otherTo = 1; otherTo <= 16; otherTo++) {
          for (let otherFrom = 0; otherFrom <= otherTo; otherFrom++) {
            if (otherFrom === from && otherTo === to) continue;
            const sameShape = subproofShape(otherFrom, otherTo) === subproofShape(from, to);
            expect([otherFrom, otherTo, verifyConsistencyProof(otherFrom, otherTo, rootOf(from), rootOf(to), proof)]).toEqual([
              otherFrom,
              otherTo,
              sameShape,
            ]);
          }
        }
        expect(verifyConsistencyProof(from, to, rootOf(to), rootOf(from), proof)).toBe(false);
        expect(verifyConsistencyProof(from, to, rootOf(from), rootOf(to), proof.slice(0, -1))).toBe(false);
        expect(verifyConsistencyProof(from, to, rootOf(from), rootOf(to), [...proof, proof[0]])).toBe(false);
        proof.forEach((node, position) => {
          const changed = proof.map((p, i) => (i === position ? flipBit(node, 7) : p));
          expect(verifyConsistencyProof(from, to, rootOf(from), rootOf(to), changed)).toBe(false);
        });
      }
    }
  });

  it('verifies proofs between trees past 2^32 leaves', () => {
    const cases: Array<[number, number]> = [
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 31 + 1, 2 ** 33 - 5],
      [2 ** 32 - 1, 2 ** 40 + 2 ** 33 + 5],
      [3, 2 ** 45 + 1],
      [2 ** 52 + 12345, Number.MAX_SAFE_INTEGER],
      [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
    ];
    for (const [from, to] of cases) {
      const tree = treeOfIdenticalLeaves(BigInt(to));
      const proof = consistencyProofOf(tree, from, to);
      const fromRoot = tree.hash(0n, BigInt(from));
      const toRoot = tree.hash(0n, BigInt(to));
      expect([from, to, verifyConsistencyProof(from, to, fromRoot, toRoot, proof)]).toEqual([from, to, true]);
      expect(verifyConsistencyProof(from, to, fromRoot, toRoot, proof.slice(0, -1))).toBe(false);
      expect(verifyConsistencyProof(from, to, toRoot, fromRoot, proof)).toBe(false);
    }
  });

  it('rejects sizes that are not non-negative safe integers and hashes that are not 32 bytes', () => {
    const proof = consistencyProofOf(publishedTree, 6, 8);
    for (const [from, to] of [
      [6.5, 8],
      [6, 8.5],
      [-6, 8],
      [6, -8],
      [Number.NaN, 8],
      [6, 2 ** 53],
    ]) {
      expect(verifyConsistencyProof(from, to, rootOf(6), rootOf(8), proof)).toBe(false);
    }
    expect(verifyConsistencyProof(6, 8, rootOf(6).subarray(1), rootOf(8), proof)).toBe(false);
    expect(verifyConsistencyProof(6, 8, rootOf(6), rootOf(8), [proof[0], Uint8Array.from([...proof[1], 0]), proof[2]])).toBe(false);
  });
});

describe('fromBase64', () => {
  it('decodes what Buffer encodes, for every length of padding', () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 73 + length * 29) & 0xff);
      expect(toHex(fromBase64(Buffer.from(bytes).toString('base64')))).toBe(toHex(bytes));
    }
  });

  it.each(['QQ', 'QQ=', 'Q===', 'QR==', 'QUI=x', 'QUJ=', 'QU I=', 'QUI=\n', '-_8=', 'QQ==QQ==', '=QQ='])('rejects %p', (text) => {
    expect(() => fromBase64(text)).toThrow();
  });
});

describe('verifyCheckpoint', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const otherPublicKeyPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  function keyIdOf(key: KeyObject): string {
    return createHash('sha256')
      .update(key.export({ type: 'spki', format: 'der' }))
      .digest()
      .subarray(0, 4)
      .toString('hex');
  }

  /** Signs the fields as the brief's signed text, with node:crypto, the way the server is expected to. */
  function signed(
    fields: Omit<CheckpointDocument, 'keyId' | 'signature'>,
    signer: KeyObject = privateKey,
    keyId = keyIdOf(publicKey),
  ): CheckpointDocument {
    const text = `${fields.origin}\n${fields.treeSize}\n${fields.rootHash}\n${fields.issuedAt}\n`;
    return { ...fields, keyId, signature: sign(null, Buffer.from(text, 'utf8'), signer).toString('base64') };
  }

  const fields = {
    origin: 'privacy-hub.test/audit-log',
    treeSize: 8,
    rootHash: Buffer.from(ROOTS_HEX[8], 'hex').toString('base64'),
    issuedAt: '2026-07-01T12:00:00.000Z',
  };
  const document = signed(fields);

  it('accepts a signed checkpoint as an object or as JSON text, and returns its size and root', () => {
    for (const input of [document, JSON.stringify(document)]) {
      const result = verifyCheckpoint(input, publicKeyPem);
      expect(result.treeSize).toBe(8);
      expect(toHex(result.root)).toBe(ROOTS_HEX[8]);
    }
  });

  it('accepts the empty tree and a timestamp without fractional seconds', () => {
    const empty = signed({ ...fields, treeSize: 0, rootHash: Buffer.from(ROOTS_HEX[0], 'hex').toString('base64'), issuedAt: '2026-07-01T12:00:00Z' });
    expect(verifyCheckpoint(empty, publicKeyPem).treeSize).toBe(0);
  });

  it.each<[string, Partial<CheckpointDocument>]>([
    ['a smaller tree size', { treeSize: 7 }],
    ['a larger tree size', { treeSize: 9 }],
    ['another root', { rootHash: Buffer.from(ROOTS_HEX[7], 'hex').toString('base64') }],
    ['another issuedAt', { issuedAt: '2026-07-01T12:00:01.000Z' }],
    ['another origin', { origin: 'privacy-hub.test/other-log' }],
    ['a signature with one bit flipped', { signature: Buffer.from(flipBit(b64(document.signature), 100)).toString('base64') }],
    ['the signature of another checkpoint', { signature: signed({ ...fields, treeSize: 7 }).signature }],
  ])('rejects the signature after %s', (_, change) => {
    expect(() => verifyCheckpoint({ ...document, ...change }, publicKeyPem)).toThrow(/signature does not verify/);
  });

  it('rejects a keyId that does not name the given key', () => {
    expect(() => verifyCheckpoint({ ...document, keyId: 'deadbeef' }, publicKeyPem)).toThrow(/keyId/);
    expect(() => verifyCheckpoint(document, otherPublicKeyPem)).toThrow(/keyId/);
  });

  it('rejects a checkpoint signed by another key, even when it names the given key', () => {
    const forged = signed(fields, other.privateKey, keyIdOf(publicKey));
    expect(() => verifyCheckpoint(forged, publicKeyPem)).toThrow(/signature does not verify/);
    expect(verifyCheckpoint(signed(fields, other.privateKey, keyIdOf(other.publicKey)), otherPublicKeyPem).treeSize).toBe(8);
  });

  // Each of these is signed correctly, so only the field checks can refuse it.
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a fractional tree size', { treeSize: 8.5 }, /treeSize/],
    ['a negative tree size', { treeSize: -1 }, /treeSize/],
    ['a tree size given as text', { treeSize: '8' }, /treeSize/],
    ['a tree size past 2^53', { treeSize: 2 ** 53 }, /treeSize/],
    ['a 31-byte root', { rootHash: Buffer.from(ROOTS_HEX[8].slice(2), 'hex').toString('base64') }, /rootHash is 31 bytes/],
    ['a 33-byte root', { rootHash: Buffer.from(`${ROOTS_HEX[8]}00`, 'hex').toString('base64') }, /rootHash is 33 bytes/],
    ['an unpadded root', { rootHash: Buffer.from(ROOTS_HEX[8], 'hex').toString('base64').replace(/=+$/, '') }, /rootHash is not standard base64/],
    ['a URL-safe root', { rootHash: Buffer.from(ROOTS_HEX[8], 'hex').toString('base64url') }, /rootHash is not standard base64/],
    ['an issuedAt with an offset', { issuedAt: '2026-07-01T12:00:00+00:00' }, /issuedAt/],
    ['an issuedAt that is no date', { issuedAt: '2026-13-45T25:61:00Z' }, /issuedAt/],
    ['an origin of two lines', { origin: 'a\nb' }, /origin/],
    ['an empty origin', { origin: '' }, /origin/],
  ])('rejects %s', (_, change, message) => {
    const merged = { ...fields, ...change };
    const text = `${String(merged.origin)}\n${String(merged.treeSize)}\n${String(merged.rootHash)}\n${String(merged.issuedAt)}\n`;
    const candidate = { ...merged, keyId: keyIdOf(publicKey), signature: sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
    expect(() => verifyCheckpoint(JSON.stringify(candidate), publicKeyPem)).toThrow(message);
  });

  it('rejects malformed documents, keyIds and signatures', () => {
    expect(() => verifyCheckpoint('not json', publicKeyPem)).toThrow(/not JSON/);
    expect(() => verifyCheckpoint('[]', publicKeyPem)).toThrow(/not a JSON object/);
    const { signature: _signature, ...unsigned } = document;
    expect(() => verifyCheckpoint(JSON.stringify(unsigned), publicKeyPem)).toThrow(/signature is missing/);
    // Upper-case hex is not the keyId's form; the first digit made a letter, since a key's id may hold no letter at all.
    expect(() => verifyCheckpoint({ ...document, keyId: `A${keyIdOf(publicKey).slice(1).toUpperCase()}` }, publicKeyPem)).toThrow(/keyId/);
    expect(() => verifyCheckpoint({ ...document, signature: document.signature.slice(0, -4) }, publicKeyPem)).toThrow(/signature is 63 bytes/);
  });

  it('rejects a public key that is not one Ed25519 SPKI PEM block', () => {
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const x25519Pem = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => verifyCheckpoint(document, ecPem)).toThrow(/not an Ed25519/);
    expect(() => verifyCheckpoint(document, x25519Pem)).toThrow(/not an Ed25519/);
    expect(() => verifyCheckpoint(document, publicKeyPem.replace('PUBLIC KEY', 'PRIVATE KEY'))).toThrow(/PEM/);
    expect(() => verifyCheckpoint(document, `${publicKeyPem}${otherPublicKeyPem}`)).toThrow(/PEM/);
    // The same key wrapped differently is still the same key.
    expect(verifyCheckpoint(document, publicKeyPem.replace(/\n/g, '\r\n')).treeSize).toBe(8);
  });
});
