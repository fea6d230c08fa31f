import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { signToken } from '../../auth/tokens';
import { apiError, ErrorCode } from '../../common/errors';
import { EntityRows } from '../../db/entity-rows';
import type { Loaders } from '../../loaders';
import type { PurposeCode } from '../../policy/purposes';
import { Processor, ProcessorPurpose } from '../processors/processor.entity';
import { ProcessorToken } from './processor-token.entity';

export const MAX_PROCESSOR_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  record: ProcessorToken;
}

/** The token's own columns beside its processor's in `isLive`'s row. */
interface LiveTokenColumns {
  token_processor_id: string;
  token_hash: string;
  token_revoked_at: Date | null;
  token_expires_at: Date;
  /** The processor's id; null when the token's processor no longer exists. */
  id: string | null;
  allowed_purposes: PurposeCode[];
  permitted_categories: string[];
}

export class ProcessorTokenService {
  private readonly processors: EntityRows<Processor>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwtSecret: Uint8Array,
  ) {
    this.processors = EntityRows.of(dataSource, Processor);
  }

  /** Signs a token scoped to `purposes`, all of which the processor may be used for, and keeps its hash. */
  async issue(processorId: string, purposes: readonly PurposeCode[], ttlSeconds: number, issuedBy: Actor): Promise<IssuedToken> {
    const processor = await this.dataSource.getRepository(Processor).findOneBy({ id: processorId });
    if (processor === null) throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
    const allowed = (await this.dataSource.getRepository(ProcessorPurpose).findBy({ processorId })).map((row) => row.purposeCode);
    const outside = purposes.filter((purpose) => !allowed.includes(purpose));
    if (outside.length > 0) {
      throw apiError(ErrorCode.PURPOSE_NOT_ALLOWED, `The processor may not be used for ${outside.join(', ')}.`);
    }
    const id = randomUUID();
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + ttlSeconds * 1000);
    const token = await signToken(
      { role: 'affiliate', sub: `processor:${processorId}`, processorId, purposes, jti: id },
      this.jwtSecret,
      Math.floor(expiresAt.getTime() / 1000),
    );
    const record = this.dataSource.getRepository(ProcessorToken).create({
      id,
      processorId,
      purposes: [...purposes],
      tokenHash: tokenDigest(token),
      issuedBy,
      issuedAt,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
    });
    await this.dataSource.getRepository(ProcessorToken).insert(record);
    return { token, record };
  }

  async revoke(id: string, revokedBy: Actor): Promise<ProcessorToken> {
    const repository = this.dataSource.getRepository(ProcessorToken);
    const record = await repository.findOneBy({ id });
    if (record === null) throw apiError(ErrorCode.NOT_FOUND, 'No such token.');
    if (record.revokedAt === null) {
      await repository.update({ id }, { revokedAt: new Date(), revokedBy });
    }
    return (await repository.findOneBy({ id }))!;
  }

  /**
   * Whether a presented token is the one issued under its id and is neither revoked nor expired. The same
   * statement reads the token's processor as it stands now, with its allowed purposes and permitted categories,
   * and hands them to this request's loaders: the facts every decision of the request needs about the
   * recipient cost no statement of their own, and are still read afresh for each request.
   */
  async isLive(tokenId: string, token: string, processorId: string, loaders: Loaders): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown> & LiveTokenColumns>>(
      `SELECT t.processor_id AS token_processor_id, t.token_hash, t.revoked_at AS token_revoked_at, t.expires_at AS token_expires_at,
              ${this.processors.selectList('p')},
              array(SELECT purpose_code FROM processor_purpose WHERE processor_id = p.id ORDER BY 1) AS allowed_purposes,
              array(SELECT category_key FROM processor_category WHERE processor_id = p.id ORDER BY 1) AS permitted_categories
       FROM processor_token t LEFT JOIN processor p ON p.id = t.processor_id
       WHERE t.id = $1`,
      [tokenId],
    );
    const live =
      row !== undefined &&
      row.token_processor_id === processorId &&
      row.token_hash === tokenDigest(token) &&
      row.token_revoked_at === null &&
      row.token_expires_at > new Date();
    if (live && row.id !== null) {
      loaders.processorById.prime(processorId, this.processors.fromRow(row));
      loaders.allowedPurposeCodesByProcessorId.prime(processorId, row.allowed_purposes);
      loaders.permittedCategoriesByProcessorId.prime(processorId, row.permitted_categories);
    }
    return live;
  }
}
