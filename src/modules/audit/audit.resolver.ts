import { GraphQLSafeInt } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { Purpose } from '../purposes/purpose.entity';
import { purposeOf } from '../purposes/purpose-vocabulary';
import { Disclosure } from '../disclosures/disclosure.entity';
import { disclosureView, isVisibleDisclosure } from '../../policy/visibility/disclosures';
import { AccessBasis, AuditEvent } from './audit-event.entity';
import { AuditCheckpoint, AuditConsistencyProof, AuditInclusionProof, AuditLogVerification, AuditSealStatus } from './audit.types';
import type { AuditLog } from './log/audit-log';
import { parseCheckpointDocument } from './log/checkpoint-document';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly auditLog: AuditLog) {}

  @Query(() => AuditLogVerification, {
    nullable: true,
    description:
      'Checks the sealed audit log against its signed checkpoints, from the last verified checkpoint forward (or from the start with ' +
      '`full: true`), and names the first batch, position or event that does not hold (privacy officer).',
  })
  verifyAuditChain(
    @Arg('full', () => Boolean, {
      defaultValue: false,
      description: 'Re-read every sealed event, not only those after the last verified checkpoint.',
    })
    full: boolean,
    @Arg('anchor', () => String, {
      nullable: true,
      description: 'A checkpoint document kept outside the database (`auditCheckpoint.document`): the log must contain it.',
    })
    anchor: string | null | undefined,
  ): Promise<AuditLogVerification> {
    return this.auditLog.verify({ full, anchor: anchor == null ? undefined : parseCheckpointDocument(anchor) });
  }

  @Query(() => AuditCheckpoint, {
    nullable: true,
    description: 'The latest signed checkpoint of the audit log, to keep outside the database (privacy officer).',
  })
  async auditCheckpoint(): Promise<AuditCheckpoint | null> {
    const latest = await this.auditLog.proofs.latestCheckpoint();
    return latest === null ? null : AuditCheckpoint.of(latest.document);
  }

  @Query(() => AuditConsistencyProof, {
    nullable: true,
    description:
      'Proof that a later checkpoint extends an earlier one (privacy officer, or a customer holding a checkpoint from an inclusion proof).',
  })
  async auditConsistencyProof(
    @Arg('fromTreeSize', () => GraphQLSafeInt, { description: 'The tree size of the earlier checkpoint.' }) fromTreeSize: number,
    @Arg('toTreeSize', () => GraphQLSafeInt, { nullable: true, description: 'The tree size of the later checkpoint; the latest when omitted.' })
    toTreeSize: number | null | undefined,
  ): Promise<AuditConsistencyProof> {
    const proof = await this.auditLog.proofs.consistencyProof(fromTreeSize, toTreeSize ?? undefined);
    return Object.assign(new AuditConsistencyProof(), {
      from: AuditCheckpoint.of(proof.from),
      to: AuditCheckpoint.of(proof.to),
      hashes: proof.hashes,
    });
  }

  @Query(() => String, { description: "The audit log's Ed25519 public key (PEM, SPKI), with which anyone can check its checkpoints." })
  auditLogPublicKey(): string {
    return this.auditLog.signer.publicKeyPem;
  }

  @Query(() => AuditSealStatus, { nullable: true, description: 'How far behind the sealing of the audit log is (privacy officer).' })
  async auditSealStatus(): Promise<AuditSealStatus> {
    const status = await this.auditLog.sealStatus();
    return Object.assign(new AuditSealStatus(), status, {
      latestCheckpoint: status.latestCheckpoint === null ? null : AuditCheckpoint.of(status.latestCheckpoint.document),
    });
  }

  @FieldResolver(() => AuditInclusionProof, {
    nullable: true,
    description: 'Proof that this read is in the signed audit log, against the latest checkpoint; null until it is sealed (a few seconds).',
  })
  async inclusionProof(@Root() event: AuditEvent, @Ctx() { loaders }: Context): Promise<AuditInclusionProof | null> {
    const proof = await loaders.inclusionProofByEventId.load(event.id);
    if (proof === null) return null;
    return Object.assign(new AuditInclusionProof(), proof, { checkpoint: AuditCheckpoint.of(proof.checkpoint) });
  }

  @FieldResolver(() => Processor, { nullable: true })
  processor(@Root() event: AuditEvent, @Ctx() { loaders }: Context): Promise<Processor | null> | null {
    return event.processorId === null ? null : loaders.processorById.load(event.processorId);
  }

  @FieldResolver(() => Disclosure, { nullable: true })
  async disclosure(@Root() event: AuditEvent, @Ctx() { loaders, principal }: Context): Promise<Disclosure | null> {
    if (event.basis !== AccessBasis.DISCLOSURE) return null;
    // Through the customer's disclosures, which the access log has loaded already.
    const disclosures = await loaders.disclosuresByCustomerId.load(event.customerId);
    const view = disclosureView(principal);
    return disclosures.find((disclosure) => disclosure.id === event.basisId && isVisibleDisclosure(view, disclosure)) ?? null;
  }

  @FieldResolver(() => Purpose, { nullable: true })
  purpose(@Root() event: AuditEvent): Purpose | null {
    return event.purposeCode === null ? null : purposeOf(event.purposeCode);
  }
}
