import { createHash, generateKeyPairSync } from 'node:crypto';
import { verifyInclusion, type InclusionProof, type ShownRead } from '../web/cabinet/verify-inclusion';
import { insertCustomer } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * The cabinet's Verify button (web/cabinet/verify-inclusion.ts) on a real proof: an officer reads a customer, the log
 * is sealed, and the customer's access log gives the read's inclusion proof. It must hold as given, and fail when any
 * byte of the leaf or of the path is changed, or when it is checked against another key.
 */

let app: TestApp;
let proof: InclusionProof;
let shown: ShownRead;
let publicKeyPem: string;

/** Another Ed25519 key, as PEM SPKI: a checkpoint signed by the log must not verify under it. */
const OTHER_KEY = generateKeyPairSync('ed25519').publicKey;
const OTHER_KEY_PEM = OTHER_KEY.export({ type: 'spki', format: 'pem' }).toString();
/** The key id a checkpoint signed with the other key would carry: the first 4 bytes of its SPKI's SHA-256, in hex. */
const OTHER_KEY_ID = createHash('sha256')
  .update(OTHER_KEY.export({ type: 'spki', format: 'der' }))
  .digest('hex')
  .slice(0, 8);

const NOT_TO_THE_ROOT = { verified: false, reason: 'the audit path does not lead to the signed root' };

const ACCESS_LOG = `{ me { accessLog(first: 100) { id fields inclusionProof { leafIndex treeSize leafData auditPath checkpoint { document } } } } }`;

function ok<T>(result: GraphQLResponse<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** The base64 text with one bit of its decoded bytes flipped at `index`. */
function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

beforeAll(async () => {
  app = await startTestApp();
  const officer = await app.tokenFor('privacy_officer');
  // Several customers read, so the tree has more than one leaf and the path is not empty.
  const customers = [await insertCustomer(app.dataSource), await insertCustomer(app.dataSource), await insertCustomer(app.dataSource)];
  for (const customer of customers) {
    ok(await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: officer, variables: { id: customer.id } }));
  }
  expect(await app.sealAuditLog()).toBeGreaterThan(0);
  const subjectToken = await app.customerToken(customers[1].id);
  type Entry = ShownRead & { inclusionProof: InclusionProof | null };
  const [entry] = ok(await app.graphql<{ me: { accessLog: Entry[] } }>(ACCESS_LOG, { token: subjectToken })).me.accessLog;
  expect(entry.inclusionProof).not.toBeNull();
  proof = entry.inclusionProof!;
  shown = { id: entry.id, fields: entry.fields };
  publicKeyPem = ok(await app.graphql<{ auditLogPublicKey: string }>(`{ auditLogPublicKey }`)).auditLogPublicKey;
});
afterAll(() => app.close());

describe("the cabinet's check of a read's inclusion proof", () => {
  it('verifies the proof the API gives, against the published key', () => {
    expect(proof.auditPath.length).toBeGreaterThan(0);
    expect(verifyInclusion(proof, publicKeyPem, shown)).toEqual({ verified: true });
  });

  it('fails when a byte of the leaf data is changed', () => {
    // The leaf's last character is JSON's closing brace; replacing a byte inside a value keeps it parseable.
    const leafData = proof.leafData.replace(/"basis":"(.)/, (_match, first: string) => `"basis":"${first === 'X' ? 'Y' : 'X'}`);
    expect(leafData).not.toBe(proof.leafData);
    expect(verifyInclusion({ ...proof, leafData }, publicKeyPem, shown)).toEqual(NOT_TO_THE_ROOT);
  });

  it('fails when a byte of a hash on the audit path is changed', () => {
    const auditPath = proof.auditPath.map((hash, index) => (index === 0 ? flipByte(hash, 7) : hash));
    expect(verifyInclusion({ ...proof, auditPath }, publicKeyPem, shown)).toEqual(NOT_TO_THE_ROOT);
  });

  it('fails against another key', () => {
    expect(verifyInclusion(proof, OTHER_KEY_PEM, shown)).toEqual({ verified: false, reason: 'the checkpoint names another key' });
  });

  it("fails against another key even when the checkpoint claims that key's id: the signature does not hold", () => {
    const document = JSON.stringify({ ...(JSON.parse(proof.checkpoint.document) as object), keyId: OTHER_KEY_ID });
    expect(verifyInclusion({ ...proof, checkpoint: { document } }, OTHER_KEY_PEM, shown)).toEqual({
      verified: false,
      reason: 'the checkpoint signature does not hold',
    });
  });

  it('fails when the proof is of another read than the one shown', () => {
    expect(verifyInclusion(proof, publicKeyPem, { ...shown, id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ verified: false });
  });
});
