import { GraphQLDateTime, GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CheckpointDocument } from './log/checkpoint-signer';
import { AuditLogProblem } from './log/audit-verifier';

registerEnumType(AuditLogProblem, {
  name: 'AuditLogProblem',
  description: 'What a verification of the sealed audit log found wrong.',
  valuesConfig: {
    VERIFIED_CHECKPOINT_REPLACED: {
      description: 'The checkpoint a previous verification passed is gone or has another root: the log was rolled back or rewritten.',
    },
    CHECKPOINT_MISSING: { description: 'A batch number is skipped: a checkpoint was removed.' },
    CHECKPOINT_FORGED: { description: "A checkpoint's signature does not verify with the log's key." },
    LEAF_MISSING: { description: 'No leaf at a position the checkpoints cover.' },
    EVENT_MISSING: { description: 'A sealed event is no longer in the log.' },
    EVENT_REORDERED: { description: 'A sealed event stands at another position than the one it was sealed at.' },
    EVENT_CHANGED: { description: "A sealed event's content is not what was sealed." },
    ROOT_MISMATCH: { description: "A batch's events do not give its signed root." },
    LEAF_NOT_SIGNED: { description: 'A leaf beyond the latest checkpoint, written by something other than the sequencer.' },
    EVENT_NOT_SEALED: { description: 'An event that is neither sealed nor waiting to be sealed.' },
    ANCHOR_FORGED: { description: "The checkpoint given to compare with is not signed by this log's key." },
    ANCHOR_NOT_IN_LOG: { description: 'The log does not contain the checkpoint given to compare with.' },
  },
});

@ObjectType({
  description:
    "A signed statement of the audit log's state: its Merkle tree (RFC 9162) had treeSize events with this root. " +
    '`document` is the JSON to keep outside the database; anyone can check it with `auditLogPublicKey`.',
})
export class AuditCheckpoint {
  @Field(() => String, { description: 'Which log this checkpoint is of.' })
  origin: string;

  @Field(() => GraphQLSafeInt, { description: 'How many events the tree had.' })
  treeSize: number;

  @Field(() => String, { description: 'Base64 of the 32-byte root hash.' })
  rootHash: string;

  @Field(() => GraphQLDateTime, { description: 'When the checkpoint was signed.' })
  issuedAt: string;

  @Field(() => String, { description: "Hex of the first 4 bytes of SHA-256 over the signing key's SPKI DER." })
  keyId: string;

  @Field(() => String, {
    description:
      'Base64 Ed25519 signature over the checkpoint body "origin\\ntreeSize\\nrootHash\\nissuedAt\\n" (a C2SP tlog-checkpoint with the time as an extension line).',
  })
  signature: string;

  @Field(() => String, { description: 'The whole checkpoint as one JSON document, to export.' })
  document: string;

  static of(document: CheckpointDocument): AuditCheckpoint {
    return Object.assign(new AuditCheckpoint(), document, { document: JSON.stringify(document) });
  }
}

@ObjectType({
  description:
    'Proof that this read is in the audit log the company signed (RFC 9162 inclusion proof): hash leafData as ' +
    'SHA-256(0x00 || bytes), fold in the audit path, and compare with the checkpoint root.',
})
export class AuditInclusionProof {
  @Field(() => GraphQLSafeInt, { description: "The read's position in the log, from 0." })
  leafIndex: number;

  @Field(() => GraphQLSafeInt, { description: 'The size of the tree the proof is against.' })
  treeSize: number;

  @Field(() => String, {
    description: "The leaf's content as JSON: the read as shown here, with the request id and the reader's subject as a digest.",
  })
  leafData: string;

  @Field(() => [String], { description: 'Base64 hashes from the leaf up to the root.' })
  auditPath: string[];

  @Field(() => AuditCheckpoint, { description: 'The signed checkpoint the proof ends at.' })
  checkpoint: AuditCheckpoint;
}

@ObjectType({
  description:
    'Proof that a later checkpoint of the audit log extends an earlier one (RFC 9162 consistency proof): nothing was removed or changed between them.',
})
export class AuditConsistencyProof {
  @Field(() => AuditCheckpoint, { description: 'The earlier checkpoint.' })
  from: AuditCheckpoint;

  @Field(() => AuditCheckpoint, { description: 'The later checkpoint.' })
  to: AuditCheckpoint;

  @Field(() => [String], { description: 'Base64 hashes, in the order of RFC 9162 §2.1.4.' })
  hashes: string[];
}

@ObjectType({ description: 'How far behind sealing is: committed events wait at most a few seconds to be sealed into the signed tree.' })
export class AuditSealStatus {
  @Field(() => Int, { description: 'Events committed and not sealed yet.' })
  unsealedEvents: number;

  @Field(() => Number, { nullable: true, description: 'Seconds the oldest of them has waited; null when none waits.' })
  oldestUnsealedSeconds: number | null;

  @Field(() => Number, { description: 'The configured bound; an event waiting longer is an alert in the readiness state.' })
  lagBoundSeconds: number;

  @Field(() => Boolean, { description: 'False when an event has waited longer than the bound.' })
  withinBound: boolean;

  @Field(() => AuditCheckpoint, { nullable: true, description: 'The latest signed checkpoint; null before the first seal.' })
  latestCheckpoint: AuditCheckpoint | null;
}

@ObjectType({ description: 'The result of checking the sealed audit log against its signed checkpoints (policy §3).' })
export class AuditLogVerification {
  @Field(() => Boolean, { description: 'True when every checkpoint, batch and sealed event holds.' })
  intact: boolean;

  @Field(() => GraphQLSafeInt, { description: 'The tree size the check started from: 0 for a full check, else the last verified checkpoint.' })
  fromTreeSize: number;

  @Field(() => GraphQLSafeInt, { description: 'The tree size the check reached.' })
  treeSize: number;

  @Field(() => Int, { description: 'How many batches (signed checkpoints) were checked.' })
  checkedBatches: number;

  @Field(() => Int, { description: 'How many sealed events were checked.' })
  checkedEvents: number;

  @Field(() => Int, { description: 'Events committed but not sealed yet (not a fault: they are queued).' })
  unsealedEvents: number;

  @Field(() => AuditLogProblem, { nullable: true, description: 'What is wrong first; null when intact.' })
  problem: AuditLogProblem | null;

  @Field(() => String, { nullable: true, description: 'The problem in words, naming the batch, position and event.' })
  description: string | null;

  @Field(() => Int, { nullable: true, description: 'The batch (checkpoint number) where the first problem is.' })
  firstBrokenBatch: number | null;

  @Field(() => GraphQLSafeInt, { nullable: true, description: 'The position in the log of the first problem.' })
  firstBrokenLeafIndex: number | null;

  @Field(() => ID, { nullable: true, description: 'The event at the first problem, when there is one.' })
  firstBrokenEventId: string | null;
}
