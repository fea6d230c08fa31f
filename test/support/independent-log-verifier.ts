/**
 * An independent verifier for the audit log's Merkle proofs and signed checkpoints, for tests only.
 *
 * It exists so that tests do not check the server's Merkle code against itself: it imports nothing from `src/`,
 * is written from the text of RFC 9162 (§2.1.3.2 inclusion, §2.1.4.2 consistency) and the C2SP tlog-checkpoint
 * format, and takes SHA-256 and Ed25519 from @noble rather than node:crypto, which the server uses, so a bug in
 * how either side drives a crypto library cannot cancel out. Base64, PEM and SPKI are decoded here by hand for the
 * same reason, and strictly: a verifier that accepted sloppy encodings could pass a server that emits them.
 *
 * Sizes and indices are JavaScript numbers at the API but are worked on as BigInt: the algorithms shift and mask,
 * and JavaScript's bit operators truncate to 32 bits, which would silently break logs past 2^31 entries.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';

/** RFC 9162 §2.1.1 domain-separation prefixes, so that a leaf can never be passed off as an interior node. */
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
const HASH_SIZE = 32;

/** The DER of an Ed25519 SubjectPublicKeyInfo up to the key (RFC 8410 §4): SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING of 33 bytes with 0 unused bits. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const ED25519_SIGNATURE_SIZE = 64;

export function leafHashOf(leafData: string): Uint8Array {
  return sha256(concat(Uint8Array.of(LEAF_PREFIX), new TextEncoder().encode(leafData)));
}

function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(Uint8Array.of(NODE_PREFIX), left, right));
}

/**
 * RFC 9162 §2.1.3.2 verification algorithm, implemented from the RFC text.
 *
 * Returns false rather than throwing for every malformed input (bad sizes, hashes that are not 32 bytes), because
 * to a caller checking a server's proof a malformed proof and a wrong proof mean the same thing.
 */
export function verifyInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!isSize(leafIndex) || !isSize(treeSize)) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;

  // 1. "If leaf_index >= tree_size, then stop and fail the proof verification." (This also rejects tree size 0.)
  if (leafIndex >= treeSize) return false;

  // 2. "Set fn to leaf_index and sn to tree_size - 1."  3. "Set r to hash."
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  let r = leafHash;

  // 4. "For each value p in the inclusion_path array:"
  for (const p of proof) {
    // "If sn is 0, then stop the iteration and fail the proof verification." (The proof is longer than the path.)
    if (sn === 0n) return false;
    // "If LSB(fn) is set, or if fn is equal to sn": the running node is a right child, or the last node of its
    // level; either way its sibling p is on the left.
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      // "If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0."
      // A rightmost node with no right sibling is promoted unchanged in RFC 9162 trees, so the levels where the
      // running node is such a left child contribute no proof element and are skipped.
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    // "Finally, right-shift both fn and sn one time."
    fn >>= 1n;
    sn >>= 1n;
  }

  // 5. "Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the root_hash are equal,
  // then the log has proven the inclusion of hash." A proof shorter than the path leaves sn above 0.
  return sn === 0n && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2.
 *
 * The RFC's algorithm is stated for 0 < fromSize < toSize. Outside it: equal sizes are consistent exactly when the
 * proof is empty and the roots are equal (the proof of §2.1.4.1 for m = n is empty); fromSize 0 is always rejected,
 * since an empty tree commits to nothing and a "proof" from it proves nothing — the same choices as the
 * transparency-dev/merkle reference verifier and its published test probes.
 */
export function verifyConsistencyProof(fromSize: number, toSize: number, fromRoot: Uint8Array, toRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isSize(fromSize) || !isSize(toSize)) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (fromSize === 0 || fromSize > toSize) return false;
  if (fromSize === toSize) return proof.length === 0 && bytesEqual(fromRoot, toRoot);

  // 1. "If consistency_path is an empty array, stop and fail the proof verification."
  if (proof.length === 0) return false;

  // 2. "If first is an exact power of 2, then prepend first_hash to the consistency_path array." The old tree is
  // then a single complete subtree of the new one, which the server does not repeat in the proof.
  const first = BigInt(fromSize);
  const path = isPowerOfTwo(first) ? [fromRoot, ...proof] : proof;

  // 3. "Set fn to first - 1 and sn to second - 1."
  let fn = first - 1n;
  let sn = BigInt(toSize) - 1n;

  // 4. "If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set." This climbs to the
  // largest complete subtree that ends at the old tree's last leaf: the path starts at that node.
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }

  // 5. "Set both fr and sr to the first value in the consistency_path array."
  let fr = path[0];
  let sr = path[0];

  // 6. "For each subsequent value c in the consistency_path array:"
  for (const c of path.slice(1)) {
    // "If sn is 0, then stop the iteration and fail the proof verification."
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      // c is a left sibling: it belongs to both trees.
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      // "If LSB(fn) is not set, then right-shift both fn and sn equally until either LSB(fn) is set or fn is 0."
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      // c is a right sibling: it holds leaves only the new tree has.
      sr = hashChildren(sr, c);
    }
    // "Finally, right-shift both fn and sn one time."
    fn >>= 1n;
    sn >>= 1n;
  }

  // 7. "verify that the fr calculated is equal to the first_hash supplied, that the sr calculated is equal to the
  // second_hash supplied and that sn is 0."
  return bytesEqual(fr, fromRoot) && bytesEqual(sr, toRoot) && sn === 0n;
}

export interface CheckpointDocument {
  origin: string;
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
}

/**
 * Parses and checks an exported checkpoint: the Ed25519 signature (base64) over the signed text, with the public
 * key given as a PEM 'PUBLIC KEY' (SPKI) block. Returns the tree size and root bytes, or throws an Error saying
 * what is wrong.
 *
 * The signed text is the C2SP tlog-checkpoint body plus one extension line:
 * `${origin}\n${treeSize}\n${rootHash}\n${issuedAt}\n`. Every field is checked for its canonical form before the
 * signature, so that a document that would verify only because two spellings sign alike is still refused, and so
 * that the error names the field at fault rather than only "bad signature".
 */
export function verifyCheckpoint(document: string | CheckpointDocument, publicKeyPem: string): { treeSize: number; root: Uint8Array } {
  const checkpoint = parseCheckpointDocument(document);

  const spki = spkiFromPem(publicKeyPem);
  const publicKey = ed25519KeyFromSpki(spki);
  // The key id is what a reader uses to pick the key; a document that names another key must not verify even if
  // the signature happens to check, or key rotation could not be audited.
  const expectedKeyId = toHex(sha256(spki).subarray(0, 4));
  if (checkpoint.keyId !== expectedKeyId) {
    throw new Error(`checkpoint keyId ${checkpoint.keyId} does not match the given public key (key id ${expectedKeyId})`);
  }

  const root = decodeField('rootHash', checkpoint.rootHash);
  if (root.length !== HASH_SIZE) {
    throw new Error(`checkpoint rootHash is ${root.length} bytes, not ${HASH_SIZE}`);
  }
  const signature = decodeField('signature', checkpoint.signature);
  if (signature.length !== ED25519_SIGNATURE_SIZE) {
    throw new Error(`checkpoint signature is ${signature.length} bytes, not ${ED25519_SIGNATURE_SIZE}`);
  }

  const signedText = `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n${checkpoint.issuedAt}\n`;
  let valid: boolean;
  try {
    // zip215: false asks for RFC 8032's strict rules (canonical encodings, cofactorless check), which is what
    // OpenSSL and so node:crypto apply; the lenient ZIP-215 rules would accept signatures the signer's own library
    // would refuse.
    valid = ed25519.verify(signature, new TextEncoder().encode(signedText), publicKey, { zip215: false });
  } catch (error) {
    throw new Error(`checkpoint signature could not be checked: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!valid) {
    throw new Error('checkpoint signature does not verify over its signed text with the given public key');
  }
  return { treeSize: checkpoint.treeSize, root };
}

/** Strict standard base64 (RFC 4648 §4): padding required, no whitespace, no URL-safe alphabet, canonical final bits. */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 text length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  const out = new Uint8Array((body.length * 3) >> 2);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const char of body) {
    const value = BASE64_ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`base64 text has a character outside the standard alphabet: ${JSON.stringify(char)}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
    // Keep only the bits not yet written, so the accumulator never grows past 14 bits.
    buffer &= (1 << bits) - 1;
  }
  // Leftover bits must be zero, or two different texts would decode to the same bytes.
  if (buffer !== 0) throw new Error('base64 text is not canonical: its final character carries nonzero unused bits');
  return out.subarray(0, written);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function parseCheckpointDocument(document: string | CheckpointDocument): CheckpointDocument {
  let value: unknown = document;
  if (typeof document === 'string') {
    try {
      value = JSON.parse(document);
    } catch (error) {
      throw new Error(`checkpoint document is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('checkpoint document is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const text = (name: keyof CheckpointDocument): string => {
    const field = record[name];
    if (typeof field !== 'string') throw new Error(`checkpoint ${name} is missing or not a string`);
    return field;
  };

  const origin = text('origin');
  // The origin is one line of the signed text; a newline in it would let one document impersonate another's layout.
  if (origin.length === 0 || /[\n\r]/.test(origin)) throw new Error('checkpoint origin is empty or spans more than one line');

  const treeSize = record.treeSize;
  if (typeof treeSize !== 'number' || !isSize(treeSize)) {
    throw new Error(`checkpoint treeSize is not a non-negative safe integer: ${JSON.stringify(treeSize)}`);
  }

  const issuedAt = text('issuedAt');
  // One canonical spelling, always UTC: a time zone offset or a lowercase 'z' would sign a different text for the
  // same instant.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(issuedAt) || Number.isNaN(Date.parse(issuedAt))) {
    throw new Error(`checkpoint issuedAt is not an ISO-8601 UTC timestamp: ${JSON.stringify(issuedAt)}`);
  }

  const keyId = text('keyId');
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new Error(`checkpoint keyId is not 8 lowercase hex digits: ${JSON.stringify(keyId)}`);

  return { origin, treeSize, rootHash: text('rootHash'), issuedAt, keyId, signature: text('signature') };
}

function decodeField(name: string, text: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch (error) {
    throw new Error(`checkpoint ${name} is not standard base64: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** RFC 7468 textual encoding: exactly one 'PUBLIC KEY' block; its base64 may be wrapped over lines. */
function spkiFromPem(pem: string): Uint8Array {
  const match = /^\s*-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END PUBLIC KEY-----\s*$/.exec(pem);
  if (match === null) throw new Error("public key is not a single PEM 'PUBLIC KEY' block");
  try {
    return fromBase64(match[1].replace(/[\r\n]/g, ''));
  } catch (error) {
    throw new Error(`public key PEM body is not base64: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** An Ed25519 SPKI is always the fixed 12-byte prefix then the 32-byte key, so a prefix check is a full DER check. */
function ed25519KeyFromSpki(spki: Uint8Array): Uint8Array {
  if (spki.length !== ED25519_SPKI_PREFIX.length + 32 || !bytesEqual(spki.subarray(0, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
    throw new Error('public key is not an Ed25519 SubjectPublicKeyInfo');
  }
  return spki.subarray(ED25519_SPKI_PREFIX.length);
}

/** Tree sizes and indices: whole, non-negative and exactly representable, since a rounded size is another tree. */
function isSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isHash(value: Uint8Array): boolean {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function lsb(value: bigint): boolean {
  return (value & 1n) === 1n;
}

function isPowerOfTwo(value: bigint): boolean {
  return value > 0n && (value & (value - 1n)) === 0n;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
