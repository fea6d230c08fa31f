import { sha256 } from '@noble/hashes/sha2';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { fromBase64, leafHashOf, verifyCheckpoint, verifyConsistencyProof, verifyInclusionProof } from './support/independent-log-verifier';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * The proofs the audit log hands out, checked as an outsider would check them: with the independent verifier only
 * (test/support/independent-log-verifier.ts, no code shared with the server) and the public key the API publishes.
 * Nothing expected here is computed by the server's own Merkle code: roots come from signed checkpoints whose
 * signatures are checked, leaf hashes from the leaf bytes, and the content of a leaf is compared with what the
 * customer is shown and with the audit row itself.
 */

let app: TestApp;
let officer: string;
let partner: ProcessorRow;
let partnerToken: string;
/** Whose reads are followed through the log. */
let subject: CustomerRow;
let subjectToken: string;
/** Customers read in between, so that the subject's leaves are not adjacent. */
let others: CustomerRow[];
const consentOf = new Map<string, string>();
let publicKeyPem: string;
/** The checkpoint document of an inclusion proof given after the first sealing pass, kept as a customer would keep it. */
let earlyCheckpointDocument: string;

interface CheckpointFields {
  origin: string;
  treeSize: number;
  rootHash: string;
  issuedAt: string;
  keyId: string;
  signature: string;
  document: string;
}

interface InclusionProofFields {
  leafIndex: number;
  treeSize: number;
  leafData: string;
  auditPath: string[];
  checkpoint: CheckpointFields;
}

interface AccessLogEntry {
  id: string;
  occurredAt: string;
  actorRole: string;
  basis: string;
  basisId: string | null;
  fields: string[];
  purpose: { code: string } | null;
  processor: { id: string } | null;
  inclusionProof: InclusionProofFields | null;
}

interface LeafContent {
  id: string;
  occurredAt: string;
  actorRole: string;
  processorId: string | null;
  customerId: string;
  purposeCode: string | null;
  basis: string;
  basisId: string | null;
  fields: string[];
  detailDigest: string;
}

const ENTRY = `id occurredAt actorRole basis basisId fields purpose { code } processor { id }
  inclusionProof { leafIndex treeSize leafData auditPath checkpoint { origin treeSize rootHash issuedAt keyId signature document } }`;
const MY_ACCESS_LOG = `query ($first: Int!) { me { accessLog(first: $first) { ${ENTRY} } } }`;
const CUSTOMER_ACCESS_LOG = `query ($id: UUID!) { customer(id: $id) { accessLog(first: 100) { ${ENTRY} } } }`;
const CONSISTENCY = `query ($from: SafeInt!, $to: SafeInt) {
  auditConsistencyProof(fromTreeSize: $from, toTreeSize: $to) { from { treeSize rootHash document } to { treeSize rootHash document } hashes }
}`;

interface ConsistencyAnswer {
  from: { treeSize: number; rootHash: string; document: string };
  to: { treeSize: number; rootHash: string; document: string };
  hashes: string[];
}

function ok<T>(result: GraphQLResponse<T>): T {
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
  return result.data as T;
}

async function myAccessLog(token: string, first = 100): Promise<AccessLogEntry[]> {
  return ok(await app.graphql<{ me: { accessLog: AccessLogEntry[] } }>(MY_ACCESS_LOG, { token, variables: { first } })).me.accessLog;
}

async function partnerReads(customer: CustomerRow, selection = 'email'): Promise<void> {
  ok(await app.graphql(`query ($id: UUID!) { customer(id: $id) { ${selection} } }`, { token: partnerToken, variables: { id: customer.id } }));
}

async function officerReads(customer: CustomerRow, selection = 'email phone', purpose?: string): Promise<void> {
  ok(
    await app.graphql(`query ($id: UUID!) { customer(id: $id) { ${selection} } }`, {
      token: officer,
      variables: { id: customer.id },
      headers: purpose === undefined ? {} : { 'x-processing-purpose': purpose },
    }),
  );
}

async function seal(): Promise<void> {
  expect(await app.sealAuditLog()).toBeGreaterThan(0);
}

function decodePath(auditPath: string[]): Uint8Array[] {
  return auditPath.map((hash) => fromBase64(hash));
}

/** The independent check of one inclusion proof: its checkpoint's signature, sizes, and the path to the signed root. */
function proofHolds(proof: InclusionProofFields, leafData = proof.leafData, leafIndex = proof.leafIndex): boolean {
  const checkpoint = verifyCheckpoint(proof.checkpoint.document, publicKeyPem);
  if (checkpoint.treeSize !== proof.treeSize) return false;
  return verifyInclusionProof(leafIndex, checkpoint.treeSize, leafHashOf(leafData), decodePath(proof.auditPath), checkpoint.root);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Microseconds since the epoch of a leaf's `YYYY-MM-DDTHH:MM:SS.ffffffZ`, parsed here rather than by Date (which keeps milliseconds). */
function leafMicros(occurredAt: string): bigint {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})Z$/.exec(occurredAt);
  if (match === null) throw new Error(`leaf occurredAt is not a UTC timestamp with microseconds: ${occurredAt}`);
  return (BigInt(Date.parse(`${match[1]}Z`)) * 1_000_000n) / 1_000n + BigInt(match[2]);
}

async function auditRow(id: string): Promise<{ request_id: string; actor_subject: string; customer_id: string; occurred_us: string }> {
  const [row] = (await app.dataSource.query(
    `SELECT request_id::text, actor_subject, customer_id::text,
            (extract(epoch FROM date_trunc('second', occurred_at))::bigint * 1000000 + extract(microseconds FROM occurred_at)::bigint % 1000000)::text AS occurred_us
     FROM audit_event WHERE id = $1`,
    [id],
  )) as Array<{ request_id: string; actor_subject: string; customer_id: string; occurred_us: string }>;
  return row;
}

async function checkpointSizes(): Promise<number[]> {
  const rows = (await app.dataSource.query(`SELECT tree_size::int AS size FROM audit_checkpoint ORDER BY batch`)) as Array<{ size: number }>;
  return rows.map((row) => row.size);
}

async function eventCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM audit_event`)) as Array<{ count: number }>;
  return count;
}

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact', 'identity'] });
  partnerToken = await app.affiliateToken(partner.id, ['PERSONALIZATION']);
  subject = await insertCustomer(app.dataSource);
  subjectToken = await app.customerToken(subject.id);
  others = [];
  for (let index = 0; index < 3; index += 1) others.push(await insertCustomer(app.dataSource));
  for (const customer of [subject, ...others]) {
    consentOf.set(customer.id, await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id }));
  }
  publicKeyPem = ok(await app.graphql<{ auditLogPublicKey: string }>(`{ auditLogPublicKey }`)).auditLogPublicKey;

  // Pass 1: the subject's read sits between reads of others.
  await officerReads(others[0]);
  await partnerReads(subject, 'email');
  await partnerReads(others[1]);
  await seal();
  const [first] = await myAccessLog(subjectToken);
  expect(first.inclusionProof).not.toBeNull();
  earlyCheckpointDocument = first.inclusionProof!.checkpoint.document;

  // Pass 2: the officer, for a stated purpose.
  await partnerReads(others[2]);
  await partnerReads(others[0]);
  await officerReads(subject, 'email phone', 'RIGHTS_AND_PROPERTY_PROTECTION');
  await officerReads(others[1], 'fullName');
  await seal();

  // Pass 3: the partner again, other fields.
  await officerReads(others[2]);
  await partnerReads(subject, 'fullName phone');
  await partnerReads(others[1]);
  await partnerReads(others[2]);
  await seal();

  // Pass 4: the officer without a stated purpose, after several reads of others.
  for (const other of others) await partnerReads(other);
  await officerReads(subject, 'dateOfBirth');
  await officerReads(others[0]);
  await seal();
});
afterAll(() => app.close());

describe("the inclusion proofs of a customer's access log", () => {
  it('gives every entry a proof that the independent verifier accepts against a signed checkpoint', async () => {
    const entries = await myAccessLog(subjectToken);
    expect(entries).toHaveLength(4);
    const treeSize = await eventCount();
    expect(await checkpointSizes()).toHaveLength(4);
    const indexes: number[] = [];
    for (const entry of entries) {
      const proof = entry.inclusionProof;
      expect(proof).not.toBeNull();
      const checkpoint = verifyCheckpoint(proof!.checkpoint.document, publicKeyPem);
      // Everything committed is sealed, and the proof is against the tree of all of it.
      expect(checkpoint.treeSize).toBe(treeSize);
      expect(proof!.treeSize).toBe(checkpoint.treeSize);
      expect(proof!.checkpoint.treeSize).toBe(checkpoint.treeSize);
      expect(fromBase64(proof!.checkpoint.rootHash)).toEqual(checkpoint.root);
      expect(JSON.parse(proof!.checkpoint.document)).toEqual({
        origin: proof!.checkpoint.origin,
        treeSize: proof!.checkpoint.treeSize,
        rootHash: proof!.checkpoint.rootHash,
        issuedAt: proof!.checkpoint.issuedAt,
        keyId: proof!.checkpoint.keyId,
        signature: proof!.checkpoint.signature,
      });
      expect(proof!.leafIndex).toBeGreaterThanOrEqual(0);
      expect(proof!.leafIndex).toBeLessThan(checkpoint.treeSize);
      expect(
        verifyInclusionProof(proof!.leafIndex, checkpoint.treeSize, leafHashOf(proof!.leafData), decodePath(proof!.auditPath), checkpoint.root),
      ).toBe(true);
      indexes.push(proof!.leafIndex);
    }
    // Newest first, so in decreasing log order; and not adjacent, since others were read in between.
    expect([...indexes].sort((a, b) => b - a)).toEqual(indexes);
    for (let index = 1; index < indexes.length; index += 1) expect(indexes[index - 1] - indexes[index]).toBeGreaterThan(1);
  });

  it('commits each leaf to the entry the customer sees, their own id, and only a digest of the reader and the request', async () => {
    const entries = await myAccessLog(subjectToken);
    expect(entries.map((entry) => [entry.actorRole, entry.basis, entry.purpose?.code ?? null])).toEqual([
      ['privacy_officer', 'PRIVACY_OFFICER', null],
      ['affiliate', 'CONSENT', 'PERSONALIZATION'],
      ['privacy_officer', 'PRIVACY_OFFICER', 'RIGHTS_AND_PROPERTY_PROTECTION'],
      ['affiliate', 'CONSENT', 'PERSONALIZATION'],
    ]);
    for (const entry of entries) {
      const leafData = entry.inclusionProof!.leafData;
      const leaf = JSON.parse(leafData) as LeafContent;
      expect(Object.keys(leaf).sort()).toEqual(
        ['actorRole', 'basis', 'basisId', 'customerId', 'detailDigest', 'fields', 'id', 'occurredAt', 'processorId', 'purposeCode'].sort(),
      );
      expect(leaf).toEqual({
        id: entry.id,
        occurredAt: expect.any(String),
        actorRole: entry.actorRole,
        processorId: entry.processor?.id ?? null,
        customerId: subject.id,
        purposeCode: entry.purpose?.code ?? null,
        basis: entry.basis,
        basisId: entry.basisId,
        fields: entry.fields,
        detailDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      if (entry.actorRole === 'affiliate') {
        expect(leaf.processorId).toBe(partner.id);
        expect(leaf.basisId).toBe(consentOf.get(subject.id));
      } else {
        expect(leaf.processorId).toBeNull();
        expect(leaf.basisId).toBeNull();
      }

      // The same instant: the leaf to the microsecond as stored, the API to the millisecond of it.
      const row = await auditRow(entry.id);
      const micros = leafMicros(leaf.occurredAt);
      expect(micros.toString()).toBe(row.occurred_us);
      expect(BigInt(Date.parse(entry.occurredAt))).toBe(micros / 1000n);
      expect(row.customer_id).toBe(subject.id);

      // Who read and in which request are there only as a digest of both, salted with the event id.
      expect(leaf.detailDigest).toBe(hex(sha256(new TextEncoder().encode(`${entry.id}|${row.request_id}|${row.actor_subject}`))));
      expect(leafData).not.toContain(row.request_id);
      expect(leafData).not.toContain(row.actor_subject);
      expect(leafData).not.toContain('officer:test');
      expect(leafData).not.toContain(`processor:${partner.id}`);
    }
  });

  it("gives the privacy officer the same proofs for the customer's access log", async () => {
    const mine = await myAccessLog(subjectToken);
    const officers = ok(
      await app.graphql<{ customer: { accessLog: AccessLogEntry[] } }>(CUSTOMER_ACCESS_LOG, { token: officer, variables: { id: subject.id } }),
    ).customer.accessLog;
    expect(officers.map((entry) => entry.id)).toEqual(mine.map((entry) => entry.id));
    for (const [index, entry] of officers.entries()) {
      expect(proofHolds(entry.inclusionProof!)).toBe(true);
      expect(entry.inclusionProof!.leafData).toBe(mine[index].inclusionProof!.leafData);
      expect(entry.inclusionProof!.leafIndex).toBe(mine[index].inclusionProof!.leafIndex);
    }
  });
});

describe('an inclusion proof that has been tampered with', () => {
  let entry: AccessLogEntry;
  let proof: InclusionProofFields;

  beforeAll(async () => {
    // The oldest entry: its path is the longest and passes through several batches' subtrees.
    const entries = await myAccessLog(subjectToken);
    entry = entries[entries.length - 1];
    proof = entry.inclusionProof!;
    expect(proof.auditPath.length).toBeGreaterThan(1);
  });

  it('holds unchanged (the control for the cases below)', () => {
    expect(proofHolds(proof)).toBe(true);
  });

  it.each([
    ['fields altered', (data: string) => data.replace(/"fields":\s*\[[^\]]*\]/, '"fields": ["email", "dateOfBirth"]')],
    ['fields emptied', (data: string) => data.replace(/"fields":\s*\[[^\]]*\]/, '"fields": []')],
    ['another customer', (data: string) => data.replace(subject.id, others[0].id)],
    ['another reader role', (data: string) => data.replace('"affiliate"', '"privacy_officer"')],
    ['one space more', (data: string) => data.replace(':', ': ')],
    ['re-serialised with other spacing', (data: string) => JSON.stringify(JSON.parse(data), null, 1)],
  ])('fails with the leaf data changed: %s', (_case, change) => {
    const changed = change(proof.leafData);
    expect(changed).not.toBe(proof.leafData);
    expect(proofHolds(proof, changed)).toBe(false);
  });

  it('fails at another leaf index', () => {
    for (const leafIndex of [proof.leafIndex - 1, proof.leafIndex + 1, proof.treeSize - 1, 0, proof.treeSize]) {
      if (leafIndex === proof.leafIndex || leafIndex < 0) continue;
      expect(proofHolds(proof, proof.leafData, leafIndex)).toBe(false);
    }
  });

  it('fails with any bit flipped in any path element, or with an element left out or added', () => {
    const checkpoint = verifyCheckpoint(proof.checkpoint.document, publicKeyPem);
    const leafHash = leafHashOf(proof.leafData);
    const path = decodePath(proof.auditPath);
    for (let element = 0; element < path.length; element += 1) {
      for (const bit of [0, 7, 100, 255]) {
        const flipped = path.map((hash) => Uint8Array.from(hash));
        flipped[element][bit >> 3] ^= 1 << (bit & 7);
        expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, leafHash, flipped, checkpoint.root)).toBe(false);
      }
    }
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, leafHash, path.slice(0, -1), checkpoint.root)).toBe(false);
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, leafHash, path.slice(1), checkpoint.root)).toBe(false);
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, leafHash, [...path, path[0]], checkpoint.root)).toBe(false);
  });

  it("fails against another checkpoint's root", () => {
    const early = verifyCheckpoint(earlyCheckpointDocument, publicKeyPem);
    expect(early.treeSize).toBeLessThan(proof.treeSize);
    expect(early.root).not.toEqual(verifyCheckpoint(proof.checkpoint.document, publicKeyPem).root);
    const leafHash = leafHashOf(proof.leafData);
    const path = decodePath(proof.auditPath);
    expect(verifyInclusionProof(proof.leafIndex, proof.treeSize, leafHash, path, early.root)).toBe(false);
    expect(verifyInclusionProof(proof.leafIndex, early.treeSize, leafHash, path, early.root)).toBe(false);
  });

  it('fails when its checkpoint is altered, or checked with another key', () => {
    const document = JSON.parse(proof.checkpoint.document) as Record<string, unknown>;
    expect(() => verifyCheckpoint(JSON.stringify({ ...document, treeSize: proof.treeSize + 1 }), publicKeyPem)).toThrow(/signature/);
    const otherRoot = Buffer.from(sha256(new TextEncoder().encode('another tree'))).toString('base64');
    expect(() => verifyCheckpoint(JSON.stringify({ ...document, rootHash: otherRoot }), publicKeyPem)).toThrow(/signature/);
    const otherKey = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(sha256(new TextEncoder().encode('not the log key'))),
    ]).toString('base64')}\n-----END PUBLIC KEY-----\n`;
    expect(() => verifyCheckpoint(proof.checkpoint.document, otherKey)).toThrow();
  });
});

describe('a read not sealed yet', () => {
  it('has no inclusion proof until a sealing pass, then one that verifies', async () => {
    await partnerReads(others[1]);
    await partnerReads(subject, 'email');
    const [unsealed, ...older] = await myAccessLog(subjectToken);
    expect(unsealed.actorRole).toBe('affiliate');
    expect(unsealed.inclusionProof).toBeNull();
    // The sealed ones keep theirs, against the checkpoint that does not cover the new read.
    for (const entry of older) expect(proofHolds(entry.inclusionProof!)).toBe(true);
    expect(older[0].inclusionProof!.treeSize).toBe((await eventCount()) - 2);

    expect(await app.sealAuditLog()).toBe(2);
    const [sealed] = await myAccessLog(subjectToken);
    expect(sealed.id).toBe(unsealed.id);
    expect(sealed.inclusionProof).not.toBeNull();
    expect(proofHolds(sealed.inclusionProof!)).toBe(true);
    expect(sealed.inclusionProof!.treeSize).toBe(await eventCount());
    expect(sealed.inclusionProof!.leafIndex).toBe((await eventCount()) - 1);
    expect((JSON.parse(sealed.inclusionProof!.leafData) as LeafContent).id).toBe(unsealed.id);
  });
});

describe('consistency proofs', () => {
  async function consistency(
    token: string | undefined,
    from: number,
    to?: number,
  ): Promise<GraphQLResponse<{ auditConsistencyProof: ConsistencyAnswer | null }>> {
    return app.graphql<{ auditConsistencyProof: ConsistencyAnswer | null }>(CONSISTENCY, { token, variables: { from, to } });
  }

  function holds(answer: ConsistencyAnswer, fromRoot: Uint8Array, toRoot: Uint8Array): boolean {
    return verifyConsistencyProof(answer.from.treeSize, answer.to.treeSize, fromRoot, toRoot, decodePath(answer.hashes));
  }

  it('proves to the customer and to the officer that the latest checkpoint extends the one the customer kept', async () => {
    await partnerReads(others[0]);
    await officerReads(subject);
    await partnerReads(others[2]);
    await seal();
    const early = verifyCheckpoint(earlyCheckpointDocument, publicKeyPem);
    const [newest] = await myAccessLog(subjectToken);
    const latest = verifyCheckpoint(newest.inclusionProof!.checkpoint.document, publicKeyPem);
    expect(latest.treeSize).toBe(await eventCount());
    expect(latest.treeSize).toBeGreaterThan(early.treeSize);
    const officersLatest = ok(
      await app.graphql<{ auditCheckpoint: { document: string; treeSize: number } }>(`{ auditCheckpoint { document treeSize } }`, { token: officer }),
    );
    expect(verifyCheckpoint(officersLatest.auditCheckpoint.document, publicKeyPem)).toEqual(latest);

    for (const token of [subjectToken, officer]) {
      const answer = ok(await consistency(token, early.treeSize)).auditConsistencyProof!;
      expect(answer.from.treeSize).toBe(early.treeSize);
      expect(answer.to.treeSize).toBe(latest.treeSize);
      expect(verifyCheckpoint(answer.from.document, publicKeyPem)).toEqual(early);
      expect(verifyCheckpoint(answer.to.document, publicKeyPem)).toEqual(latest);
      expect(fromBase64(answer.from.rootHash)).toEqual(early.root);
      expect(fromBase64(answer.to.rootHash)).toEqual(latest.root);
      expect(answer.hashes.length).toBeGreaterThan(0);
      // Between the roots the customer verified themselves, not the ones the answer brings.
      expect(holds(answer, early.root, latest.root)).toBe(true);
    }
  });

  it('verifies between every pair of stored checkpoints, and not against another root', async () => {
    const sizes = await checkpointSizes();
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    for (let index = 1; index < sizes.length; index += 1) expect(sizes[index]).toBeGreaterThan(sizes[index - 1]);
    const rootOf = new Map<number, Uint8Array>();
    for (const size of sizes) {
      const answer = ok(await consistency(officer, size, size)).auditConsistencyProof!;
      const checkpoint = verifyCheckpoint(answer.from.document, publicKeyPem);
      expect(checkpoint.treeSize).toBe(size);
      rootOf.set(size, checkpoint.root);
    }
    let checked = 0;
    for (const from of sizes) {
      for (const to of sizes.filter((size) => size >= from)) {
        const answer = ok(await consistency(subjectToken, from, to)).auditConsistencyProof!;
        expect(verifyCheckpoint(answer.from.document, publicKeyPem)).toEqual({ treeSize: from, root: rootOf.get(from) });
        expect(verifyCheckpoint(answer.to.document, publicKeyPem)).toEqual({ treeSize: to, root: rootOf.get(to) });
        expect(holds(answer, rootOf.get(from)!, rootOf.get(to)!)).toBe(true);
        if (from === to) {
          expect(answer.hashes).toEqual([]);
          continue;
        }
        checked += 1;
        // Against any other checkpoint's root, on either side, the same hashes prove nothing.
        for (const other of sizes) {
          if (other !== to) expect(holds(answer, rootOf.get(from)!, rootOf.get(other)!)).toBe(false);
          if (other !== from) expect(holds(answer, rootOf.get(other)!, rootOf.get(to)!)).toBe(false);
        }
        const flipped = decodePath(answer.hashes).map((hash) => Uint8Array.from(hash));
        flipped[0][0] ^= 1;
        expect(verifyConsistencyProof(from, to, rootOf.get(from)!, rootOf.get(to)!, flipped)).toBe(false);
      }
    }
    expect(checked).toBe((sizes.length * (sizes.length - 1)) / 2);
  });

  it('answers NOT_FOUND for a tree size no checkpoint has, and BAD_USER_INPUT from a larger to a smaller one', async () => {
    const sizes = await checkpointSizes();
    const known = new Set(sizes);
    const unknown = [0, sizes[0] + 1, sizes[sizes.length - 1] + 1, 1_000_000].filter((size) => !known.has(size));
    expect(unknown.length).toBeGreaterThanOrEqual(3);
    for (const size of unknown) {
      for (const variables of [
        [size, undefined],
        [size, sizes[sizes.length - 1]],
        [sizes[0], size],
      ] as Array<[number, number | undefined]>) {
        const answer = await consistency(officer, ...variables);
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
        expect(answer.data?.auditConsistencyProof ?? null).toBeNull();
      }
    }
    for (const token of [officer, subjectToken]) {
      const answer = await consistency(token, sizes[sizes.length - 1], sizes[0]);
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.data?.auditConsistencyProof ?? null).toBeNull();
    }
  });
});

describe('who may ask', () => {
  const refusedCode = (result: GraphQLResponse) => result.errors?.map((error) => error.extensions?.code);

  it.each([
    ['staff', () => app.tokenFor('staff'), 'FORBIDDEN'],
    ['an analyst', () => app.tokenFor('analyst'), 'FORBIDDEN'],
    ['an affiliate', async () => partnerToken, 'FORBIDDEN'],
    // The API answers UNAUTHENTICATED to every caller without a token, whatever the field.
    ['an anonymous caller', async () => undefined, 'UNAUTHENTICATED'],
  ])('refuses a consistency proof to %s', async (_who, token, code) => {
    const [size] = await checkpointSizes();
    const result = await app.graphql(CONSISTENCY, { token: await token(), variables: { from: size } });
    expect(refusedCode(result)).toEqual([code]);
    expect(result.data?.auditConsistencyProof ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain('hashes');
  });

  it.each([
    ['the customer', async () => subjectToken, 'FORBIDDEN'],
    ['staff', () => app.tokenFor('staff'), 'FORBIDDEN'],
    ['an analyst', () => app.tokenFor('analyst'), 'FORBIDDEN'],
    ['an affiliate', async () => partnerToken, 'FORBIDDEN'],
    ['an anonymous caller', async () => undefined, 'UNAUTHENTICATED'],
  ])('gives the latest checkpoint only to the privacy officer, not to %s', async (_who, token, code) => {
    const result = await app.graphql(`{ auditCheckpoint { document treeSize } }`, { token: await token() });
    expect(refusedCode(result)).toEqual([code]);
    expect(result.data?.auditCheckpoint ?? null).toBeNull();
    const officers = ok(
      await app.graphql<{ auditCheckpoint: { document: string; treeSize: number } }>(`{ auditCheckpoint { document treeSize } }`, { token: officer }),
    );
    expect(verifyCheckpoint(officers.auditCheckpoint.document, publicKeyPem).treeSize).toBe(officers.auditCheckpoint.treeSize);
  });

  it("publishes the log's public key to anyone: the PEM of the key that signs the checkpoints", async () => {
    const anonymous = ok(await app.graphql<{ auditLogPublicKey: string }>(`{ auditLogPublicKey }`)).auditLogPublicKey;
    expect(anonymous).toBe(app.auditSigner.publicKeyPem);
    expect(anonymous).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    for (const token of [subjectToken, partnerToken, await app.tokenFor('staff')]) {
      expect(ok(await app.graphql<{ auditLogPublicKey: string }>(`{ auditLogPublicKey }`, { token })).auditLogPublicKey).toBe(anonymous);
    }
  });

  it('never shows another customer these reads, nor their proofs', async () => {
    const subjectIds = new Set((await myAccessLog(subjectToken)).map((entry) => entry.id));
    expect(subjectIds.size).toBeGreaterThan(0);
    for (const other of others) {
      const entries = await myAccessLog(await app.customerToken(other.id));
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(subjectIds.has(entry.id)).toBe(false);
        expect(proofHolds(entry.inclusionProof!)).toBe(true);
        const leaf = JSON.parse(entry.inclusionProof!.leafData) as LeafContent;
        expect(leaf.customerId).toBe(other.id);
        expect(subjectIds.has(leaf.id)).toBe(false);
      }
      // Nor through the customer field, with the subject's id.
      const asked = await app.graphql(CUSTOMER_ACCESS_LOG, { token: await app.customerToken(other.id), variables: { id: subject.id } });
      expect(refusedCode(asked)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(asked)).not.toContain('leafData');
    }
  });
});

describe('SQL statements', () => {
  const PROOFS_PAGE = `{ me { accessLog(first: 20) { id inclusionProof { leafIndex auditPath } } } }`;

  it('reads 20 entries with their proofs in as many statements as 2 entries', async () => {
    const few = await insertCustomer(app.dataSource);
    const many = await insertCustomer(app.dataSource);
    for (const customer of [few, many]) {
      consentOf.set(
        customer.id,
        await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id }),
      );
    }
    for (let index = 0; index < 20; index += 1) {
      await partnerReads(many, index % 2 === 0 ? 'email' : 'fullName');
      if (index < 2) await partnerReads(few);
      // Several batches, so the proofs' paths run through different subtrees.
      if (index % 7 === 6) await seal();
    }
    await seal();

    const counted = async (customer: CustomerRow, expected: number) => {
      const token = await app.customerToken(customer.id);
      let entries: Array<{ id: string; inclusionProof: { leafIndex: number; auditPath: string[] } | null }> = [];
      const statements = await app.statements.during(async () => {
        entries = ok(await app.graphql<{ me: { accessLog: typeof entries } }>(PROOFS_PAGE, { token })).me.accessLog;
      });
      expect(entries).toHaveLength(expected);
      for (const entry of entries) {
        expect(entry.inclusionProof).not.toBeNull();
        expect(entry.inclusionProof!.auditPath.length).toBeGreaterThan(0);
      }
      return statements;
    };
    const forTwo = await counted(few, 2);
    const forTwenty = await counted(many, 20);
    expect(forTwenty.length).toBe(forTwo.length);
    // One statement for the nodes of all the proofs, one for the leaves, one for the checkpoint.
    expect(forTwenty.filter((sql) => /audit_tree_node/.test(sql))).toHaveLength(1);
    expect(forTwenty.filter((sql) => /FROM audit_leaf/.test(sql))).toHaveLength(1);
    expect(forTwenty.filter((sql) => /FROM audit_checkpoint/.test(sql))).toHaveLength(1);
  });
});
