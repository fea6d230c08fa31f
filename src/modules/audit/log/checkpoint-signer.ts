import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The name every checkpoint of this log carries, so a checkpoint of another log cannot be passed off as ours. */
export const AUDIT_LOG_ORIGIN = 'allprint.az/privacy-hub/audit-log';

/** A signed statement that the audit log's Merkle tree had `treeSize` leaves with root `rootHash` at `issuedAt`. */
export interface CheckpointDocument {
  origin: string;
  treeSize: number;
  /** Standard base64 of the 32-byte RFC 9162 root. */
  rootHash: string;
  /** ISO-8601, UTC. */
  issuedAt: string;
  /** Lowercase hex of the first 4 bytes of SHA-256 over the public key's SPKI DER. */
  keyId: string;
  /** Standard base64 of the Ed25519 signature over `signedText(document)`. */
  signature: string;
}

/**
 * What is signed: the body of a C2SP tlog-checkpoint (origin, size, base64 root, one per line) and the time as an
 * extension line, the format the Go checksum database and Tessera logs sign, so existing tools can read it.
 */
export function signedText({ origin, treeSize, rootHash, issuedAt }: Omit<CheckpointDocument, 'keyId' | 'signature'>): string {
  return `${origin}\n${treeSize}\n${rootHash}\n${issuedAt}\n`;
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 8);
}

/** Signs checkpoints with the log's Ed25519 key and checks them against its public key. */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 private key');
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  static generate(): CheckpointSigner {
    return new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(treeSize: number, root: Buffer, issuedAt: Date): CheckpointDocument {
    const unsigned = { origin: AUDIT_LOG_ORIGIN, treeSize, rootHash: root.toString('base64'), issuedAt: issuedAt.toISOString() };
    const signature = sign(null, Buffer.from(signedText(unsigned), 'utf8'), this.privateKey);
    return { ...unsigned, keyId: this.keyId, signature: signature.toString('base64') };
  }

  /** True when the document is ours (origin, key) and its signature holds. */
  verifies(document: CheckpointDocument): boolean {
    if (document.origin !== AUDIT_LOG_ORIGIN || document.keyId !== this.keyId) return false;
    return verify(null, Buffer.from(signedText(document), 'utf8'), this.publicKey, Buffer.from(document.signature, 'base64'));
  }
}

/**
 * The signing key: AUDIT_SIGNING_KEY (a PKCS#8 PEM) when given, otherwise a key generated once into the data
 * folder, so that checkpoints signed before a restart still verify after it.
 */
export async function loadCheckpointSigner(configuredPem: string | undefined, dataDir: string): Promise<CheckpointSigner> {
  if (configuredPem) return new CheckpointSigner(createPrivateKey(configuredPem));
  const file = path.join(dataDir, 'audit-signing-key.pem');
  await mkdir(dataDir, { recursive: true });
  const generated = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // 'wx' so that two processes starting at once cannot overwrite each other's key.
  await writeFile(file, generated, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return new CheckpointSigner(createPrivateKey(await readFile(file, 'utf8')));
}
