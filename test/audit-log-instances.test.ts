import { sha256 } from '@noble/hashes/sha2';
import { leafColumns, leafDataOf, type LeafSource } from '../src/modules/audit/log/leaf';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { fromBase64, leafHashOf, verifyCheckpoint, verifyConsistencyProof, type CheckpointDocument } from './support/independent-log-verifier';
import { pollUntil, startInstances, type Instance, type Instances } from './support/instances';
import type { GraphQLResponse } from './support/test-app';

/**
 * Two server instances on one database, as a deployment runs them: both take audited reads at once, both
 * sequencers compete for the lead in the background, the leader is stopped midway and the other takes over. The
 * sealed log afterwards holds every audit row exactly once, in one unforked tree of signed checkpoints with no gap.
 */

const SEALING = { intervalMs: 50, maxBatch: 25, lagBoundSeconds: 5 };
const CUSTOMERS = 30;
const PHASE_ONE = 40;
const PHASE_TWO = 20;
const OFFICER_PURPOSE = { 'x-processing-purpose': 'RIGHTS_AND_PROPERTY_PROTECTION' };
const PERSONAL_FIELDS = ['email', 'phone', 'fullName', 'dateOfBirth'] as const;

let hub: Instances;
let customers: CustomerRow[];
let affiliateToken: string;
let officerToken: string;

type Node = { id: string } & Partial<Record<(typeof PERSONAL_FIELDS)[number], string | null>>;

interface Read {
  role: 'affiliate' | 'privacy_officer';
  query: string;
  variables: Record<string, unknown>;
  /** The customers the answer shows. */
  nodes(data: Record<string, unknown>): Node[];
}

const pageNodes = (data: Record<string, unknown>) => (data.customers as { edges: Array<{ node: Node }> }).edges.map((edge) => edge.node);
const oneNode = (data: Record<string, unknown>) => [data.customer as Node];

/** The i-th read of the run: recipient pages and by-id reads, officer pages and by-id reads, in turn. */
function readNumber(i: number): Read {
  switch (i % 4) {
    case 0:
      return {
        role: 'affiliate',
        query: `query ($first: Int!) { customers(first: $first) { edges { node { id email fullName } } } }`,
        variables: { first: 5 + ((i * 7) % 26) },
        nodes: pageNodes,
      };
    case 1:
      return {
        role: 'affiliate',
        query: `query ($id: UUID!) { customer(id: $id) { id email phone } }`,
        variables: { id: customers[i % CUSTOMERS].id },
        nodes: oneNode,
      };
    case 2:
      return {
        role: 'privacy_officer',
        query: `query ($first: Int!) { customers(first: $first) { edges { node { id email phone } } } }`,
        variables: { first: 3 + ((i * 5) % 28) },
        nodes: pageNodes,
      };
    default:
      return {
        role: 'privacy_officer',
        query: `query ($id: UUID!) { customer(id: $id) { id fullName dateOfBirth } }`,
        variables: { id: customers[(i * 11) % CUSTOMERS].id },
        nodes: oneNode,
      };
  }
}

interface Answered {
  instance: string;
  read: Read;
  response: GraphQLResponse;
}

async function send(instance: Instance, read: Read): Promise<Answered> {
  const response = await instance.graphql(read.query, {
    variables: read.variables,
    token: read.role === 'affiliate' ? affiliateToken : officerToken,
    headers: read.role === 'privacy_officer' ? OFFICER_PURPOSE : {},
  });
  return { instance: instance.name, read, response };
}

/** What one request should have written, as `role|customer:fields;...`: one row per customer it showed personal data of. */
function expectedRows({ read, response }: Answered): string {
  const rows = read
    .nodes(response.data as Record<string, unknown>)
    .map((node) => ({ customer: node.id, fields: PERSONAL_FIELDS.filter((field) => typeof node[field] === 'string').sort() }))
    .filter((row) => row.fields.length > 0)
    .map((row) => `${row.customer}:${row.fields.join(',')}`)
    .sort();
  return `${read.role}|${rows.join(';')}`;
}

async function scalar(sql: string): Promise<number> {
  const [{ value }] = (await hub.dataSource.query(sql)) as Array<{ value: number }>;
  return value;
}

/** RFC 9162 §2.1.1 Merkle tree hash, recursively from the definition, to check stored roots independently of the server's frontier. */
function treeHash(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array());
  if (leaves.length === 1) return leaves[0];
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  const left = treeHash(leaves.slice(0, split));
  const right = treeHash(leaves.slice(split));
  const joined = new Uint8Array(1 + left.length + right.length);
  joined[0] = 0x01;
  joined.set(left, 1);
  joined.set(right, 1 + left.length);
  return sha256(joined);
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  hub = await startInstances(2, SEALING);
  const partner = await insertProcessor(hub.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact', 'identity'] });
  customers = [];
  for (let index = 0; index < CUSTOMERS; index += 1) {
    const customer = await insertCustomer(hub.dataSource);
    await insertConsent(hub.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id });
    customers.push(customer);
  }
  affiliateToken = await hub.affiliateToken(partner.id, ['PERSONALIZATION']);
  officerToken = await hub.token({ role: 'privacy_officer', sub: 'privacy_officer:test' });
});
afterAll(() => hub?.close());

it('seals every audit row of two instances read at once exactly once, in one tree without fork or gap, across a change of leader', async () => {
  const [first, second] = hub.instances;

  // Both sequencers run on their 50 ms interval; one takes the lead. Sampled throughout: never both at once.
  expect(await pollUntil(() => first.server.sequencer.isLeader || second.server.sequencer.isLeader, { attempts: 100, everyMs: 20 })).toBe(true);
  let bothLed = 0;
  const sampler = setInterval(() => {
    if (first.server.sequencer.isLeader && second.server.sequencer.isLeader) bothLed += 1;
  }, 5);

  try {
    const leader = first.server.sequencer.isLeader ? first : second;
    const survivor = leader === first ? second : first;
    expect(survivor.server.sequencer.isLeader).toBe(false);

    // Phase one: reads through both instances at once. Midway (half of them answered, and the leader has sealed
    // some), the leader's sequencer is stopped while the rest are still in flight.
    let settled = 0;
    const phaseOne = Array.from({ length: PHASE_ONE }, (_, i) =>
      send(hub.instances[i % 2], readNumber(i)).finally(() => {
        settled += 1;
      }),
    );
    expect(await pollUntil(() => settled >= PHASE_ONE / 2, { attempts: 500, everyMs: 10 })).toBe(true);
    expect(
      await pollUntil(async () => (await scalar(`SELECT count(*)::int AS value FROM audit_checkpoint`)) > 0, { attempts: 200, everyMs: 20 }),
    ).toBe(true);
    await leader.server.sequencer.stop();
    expect(leader.server.sequencer.isLeader).toBe(false);
    const answeredOne = await Promise.all(phaseOne);
    // Its requests answered, the old leader's instance goes away altogether.
    await leader.stop();
    const checkpointsOfOldLeader = await scalar(`SELECT count(*)::int AS value FROM audit_checkpoint`);

    // Phase two: reads through the survivor only, while it takes over the lead.
    const phaseTwo = Array.from({ length: PHASE_TWO }, (_, i) => send(survivor, readNumber(PHASE_ONE + i)));
    expect(await pollUntil(() => survivor.server.sequencer.isLeader, { attempts: 100, everyMs: 20 })).toBe(true);
    const answered = [...answeredOne, ...(await Promise.all(phaseTwo))];

    for (const { response } of answered) {
      expect(response).toMatchObject({ status: 200 });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual(expect.any(Object));
    }
    expect(answered.filter((answer) => answer.instance === leader.name)).toHaveLength(PHASE_ONE / 2);

    // The survivor seals everything still queued, its own rows and those the old leader left behind.
    expect(
      await pollUntil(async () => (await scalar(`SELECT count(*)::int AS value FROM audit_unsealed`)) === 0, { attempts: 200, everyMs: 50 }),
    ).toBe(true);

    // Nothing lost: each request wrote one row per customer it showed personal data of, with the fields it read.
    const events = (await hub.dataSource.query(
      `SELECT id::text, request_id, actor_role, customer_id, fields FROM audit_event ORDER BY id`,
    )) as Array<{ id: string; request_id: string; actor_role: string; customer_id: string; fields: string[] }>;
    const byRequest = new Map<string, { role: string; rows: string[] }>();
    for (const event of events) {
      const request = byRequest.get(event.request_id) ?? { role: event.actor_role, rows: [] };
      request.rows.push(`${event.customer_id}:${[...event.fields].sort().join(',')}`);
      byRequest.set(event.request_id, request);
    }
    const written = [...byRequest.values()].map(({ role, rows }) => `${role}|${rows.sort().join(';')}`).sort();
    expect(written).toEqual(answered.map(expectedRows).sort());
    const n = events.length;
    expect(n).toBe(answered.reduce((total, answer) => total + answer.read.nodes(answer.response.data as Record<string, unknown>).length, 0));

    // Every row sealed once and nothing else: tree positions 0..n-1, each event at exactly one.
    const leaves = (await hub.dataSource.query(
      `SELECT l.tree_index::int AS tree_index, l.event_id::text AS event_id, l.occurred_at = e.occurred_at AS same_time, ${leafColumns('e')}
       FROM audit_leaf l LEFT JOIN audit_event e ON e.id = l.event_id ORDER BY l.tree_index`,
    )) as Array<{ tree_index: number; event_id: string; same_time: boolean | null } & LeafSource>;
    expect(leaves.map((leaf) => leaf.tree_index)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(leaves.map((leaf) => leaf.event_id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(new Set(leaves.map((leaf) => leaf.event_id)).size).toBe(n);
    expect(leaves.every((leaf) => leaf.same_time === true)).toBe(true);

    // Checkpoints: batches 1..k without gap, tree sizes strictly increasing up to n, and more than one leader's.
    const checkpoints = (await hub.dataSource.query(
      `SELECT batch::int AS batch, tree_size::int AS tree_size, root_hash FROM audit_checkpoint ORDER BY batch`,
    )) as Array<{ batch: number; tree_size: number; root_hash: Buffer }>;
    const k = checkpoints.length;
    expect(checkpoints.map((checkpoint) => checkpoint.batch)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    for (let i = 1; i < k; i += 1) expect(checkpoints[i].tree_size).toBeGreaterThan(checkpoints[i - 1].tree_size);
    expect(checkpoints[k - 1].tree_size).toBe(n);
    expect(checkpointsOfOldLeader).toBeGreaterThan(0);
    expect(k).toBeGreaterThan(checkpointsOfOldLeader);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.tree_size - (checkpoints[checkpoint.batch - 2]?.tree_size ?? 0)).toBeLessThanOrEqual(SEALING.maxBatch);
    }

    // Each stored root is the RFC 9162 hash of the leaves before it, recomputed here from the events themselves.
    // The leaf's bytes as the log defines them; the tree over them is hashed here independently of the server.
    const leafHashes = leaves.map((leaf) => leafHashOf(leafDataOf(leaf)));
    for (const checkpoint of checkpoints) {
      expect(toBase64(treeHash(leafHashes.slice(0, checkpoint.tree_size)))).toBe(checkpoint.root_hash.toString('base64'));
    }

    // Through the API of the survivor: the key both instances sign with, every checkpoint verifying with it, and
    // each consecutive pair consistent (no fork), checked with the independent verifier.
    const key = await survivor.graphql<{ auditLogPublicKey: string }>(`{ auditLogPublicKey }`);
    const publicKeyPem = key.data!.auditLogPublicKey;
    expect(publicKeyPem).toBe(hub.auditSigner.publicKeyPem);
    type Proof = { auditConsistencyProof: { hashes: string[]; from: { document: string }; to: { document: string } } };
    const proofQuery = `query ($from: SafeInt!, $to: SafeInt) { auditConsistencyProof(fromTreeSize: $from, toTreeSize: $to) { hashes from { document } to { document } } }`;
    const verified = (document: string, expected: { tree_size: number; root_hash: Buffer }) => {
      const { treeSize, root } = verifyCheckpoint(JSON.parse(document) as CheckpointDocument, publicKeyPem);
      expect(treeSize).toBe(expected.tree_size);
      expect(toBase64(root)).toBe(expected.root_hash.toString('base64'));
      return root;
    };
    const pairs = checkpoints.slice(1).map((later, i) => [checkpoints[i], later] as const);
    const proofs = await Promise.all(
      pairs.map(([earlier, later]) =>
        survivor.graphql<Proof>(proofQuery, { token: officerToken, variables: { from: earlier.tree_size, to: later.tree_size } }),
      ),
    );
    proofs.forEach((proof, i) => {
      const [earlier, later] = pairs[i];
      expect(proof.errors).toBeUndefined();
      const { hashes, from, to } = proof.data!.auditConsistencyProof;
      const fromRoot = verified(from.document, earlier);
      const toRoot = verified(to.document, later);
      expect(verifyConsistencyProof(earlier.tree_size, later.tree_size, fromRoot, toRoot, hashes.map(fromBase64))).toBe(true);
    });
    expect(proofs).toHaveLength(k - 1);

    // And the officer's full verification agrees: intact, every sealed row checked, nothing waiting.
    const verification = await survivor.graphql<{
      verifyAuditChain: {
        intact: boolean;
        checkedEvents: number;
        checkedBatches: number;
        unsealedEvents: number;
        problem: string | null;
        description: string | null;
      };
    }>(`{ verifyAuditChain(full: true) { intact checkedEvents checkedBatches unsealedEvents problem description } }`, { token: officerToken });
    expect(verification.data?.verifyAuditChain).toEqual({
      intact: true,
      checkedEvents: n,
      checkedBatches: k,
      unsealedEvents: 0,
      problem: null,
      description: null,
    });

    // The checks themselves read no personal data: the log still holds exactly the n rows sealed above.
    expect(await scalar(`SELECT count(*)::int AS value FROM audit_event`)).toBe(n);
    expect(bothLed).toBe(0);
    expect(hub.logs.filter((line) => line.level >= 40)).toEqual([]);
  } finally {
    clearInterval(sampler);
  }
});
