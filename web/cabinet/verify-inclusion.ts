/**
 * Checks, in the customer's browser, that one read of their data is in the audit log the company signed: the leaf
 * hash of RFC 9162 §2.1.1, the inclusion proof's audit path up to a root (§2.1.3.2), that root against the signed
 * checkpoint, and the checkpoint's Ed25519 signature against the published key (PEM, SPKI). Pure: no DOM, no fetch,
 * so the jest test runs it on a real proof as the page does.
 *
 * The encodings are the server's (src/modules/audit/log/): hashes and the signature in standard base64, the checkpoint
 * document as JSON, its signed text the C2SP tlog-checkpoint body "origin\ntreeSize\nrootHash\nissuedAt\n".
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafData: string;
  auditPath: readonly string[];
  checkpoint: { document: string };
}

/** What the page shows for the read, which the leaf must commit to, or the proof is of some other read. */
export interface ShownRead {
  id: string;
  fields: readonly string[];
}

export type InclusionVerdict = { verified: true } | { verified: false; reason: string };

const HASH_SIZE = 32;
/** RFC 9162 §2.1.1: a leaf can never be passed off as an interior node. */
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
/** RFC 8410 §4: the DER of an Ed25519 SubjectPublicKeyInfo before its 32-byte key. */
const ED25519_SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

class ProofRefused extends Error {}

export function verifyInclusion(proof: InclusionProof, publicKeyPem: string, shown: ShownRead): InclusionVerdict {
  try {
    const checkpoint = signedCheckpoint(proof.checkpoint.document, publicKeyPem);
    if (checkpoint.treeSize !== proof.treeSize) throw new ProofRefused('the proof is for another tree than the signed checkpoint');
    checkLeafShowsRead(proof.leafData, shown);
    const root = rootFromPath(proof.leafIndex, proof.treeSize, leafHash(proof.leafData), proof.auditPath.map(decodeHash));
    if (!bytesEqual(root, checkpoint.root)) throw new ProofRefused('the audit path does not lead to the signed root');
    return { verified: true };
  } catch (error) {
    if (error instanceof ProofRefused) return { verified: false, reason: error.message };
    throw error;
  }
}

export function leafHash(leafData: string): Uint8Array {
  return sha256(concat(Uint8Array.of(LEAF_PREFIX), new TextEncoder().encode(leafData)));
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(Uint8Array.of(NODE_PREFIX), left, right));
}

/**
 * RFC 9162 §2.1.3.2, step by step. BigInt, because JavaScript's bit operators truncate to 32 bits and a log may
 * outgrow that.
 */
function rootFromPath(leafIndex: number, treeSize: number, leaf: Uint8Array, path: Uint8Array[]): Uint8Array {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new ProofRefused('the leaf index is outside the tree');
  }
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  let running = leaf;
  for (const sibling of path) {
    if (sn === 0n) throw new ProofRefused('the audit path is longer than the tree is high');
    if ((fn & 1n) === 1n || fn === sn) {
      running = nodeHash(sibling, running);
      // A last node without a right sibling is promoted unchanged: those levels have no element in the path.
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      running = nodeHash(running, sibling);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofRefused('the audit path is shorter than the tree is high');
  return running;
}

/** The leaf is canonical JSON of the audit event (src/modules/audit/log/leaf.ts); its id and fields are the read's. */
function checkLeafShowsRead(leafData: string, shown: ShownRead): void {
  let leaf: unknown;
  try {
    leaf = JSON.parse(leafData);
  } catch {
    throw new ProofRefused('the leaf is not JSON');
  }
  const { id, fields } = (leaf ?? {}) as { id?: unknown; fields?: unknown };
  const sameFields = Array.isArray(fields) && fields.length === shown.fields.length && fields.every((field, index) => field === shown.fields[index]);
  if (id !== shown.id || !sameFields) throw new ProofRefused('the leaf is of another read');
}

interface CheckpointFields {
  origin: string;
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
}

/** The checkpoint's tree size and root, once its signature holds under the published key. */
function signedCheckpoint(document: string, publicKeyPem: string): { treeSize: number; root: Uint8Array } {
  const checkpoint = parseCheckpoint(document);
  const spki = spkiFromPem(publicKeyPem);
  // The key id names the key that signed; a document naming another key is not the published key's.
  if (checkpoint.keyId !== toHex(sha256(spki).subarray(0, 4))) throw new ProofRefused('the checkpoint names another key');
  const signedText = `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n${checkpoint.issuedAt}\n`;
  const signature = fromBase64(checkpoint.signature);
  if (!signatureHolds(signature, new TextEncoder().encode(signedText), spki.subarray(ED25519_SPKI_PREFIX.length))) {
    throw new ProofRefused('the checkpoint signature does not hold');
  }
  return { treeSize: checkpoint.treeSize, root: decodeHash(checkpoint.rootHash) };
}

/** Ed25519 under RFC 8032's strict rules (zip215: false), as node:crypto, the signer's library, applies them; a malformed signature or key is one that does not hold. */
function signatureHolds(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

function parseCheckpoint(document: string): CheckpointFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new ProofRefused('the checkpoint is not JSON');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const texts = ['origin', 'rootHash', 'issuedAt', 'keyId', 'signature'] as const;
  if (!Number.isSafeInteger(record.treeSize) || texts.some((name) => typeof record[name] !== 'string')) {
    throw new ProofRefused('the checkpoint lacks a field');
  }
  return record as unknown as CheckpointFields;
}

function spkiFromPem(pem: string): Uint8Array {
  const match = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  if (match === null) throw new ProofRefused('the public key is not a PEM public key');
  const spki = fromBase64(match[1].replace(/\s/g, ''));
  const isEd25519 = spki.length === ED25519_SPKI_PREFIX.length + 32 && ED25519_SPKI_PREFIX.every((byte, index) => spki[index] === byte);
  if (!isEd25519) throw new ProofRefused('the public key is not an Ed25519 key');
  return spki;
}

function decodeHash(text: string): Uint8Array {
  const bytes = fromBase64(text);
  if (bytes.length !== HASH_SIZE) throw new ProofRefused('a hash is not 32 bytes');
  return bytes;
}

function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new ProofRefused('a value is not base64');
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
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

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
