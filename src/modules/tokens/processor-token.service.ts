import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signToken } from '../../auth/tokens';
import { apiError, ErrorCode } from '../../common/errors';
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

export class ProcessorTokenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwtSecret: Uint8Array,
  ) {}

  /** Signs a token scoped to `purposes`, all of which the processor may be used for, and keeps its hash. */
  async issue(processorId: string, purposes: readonly PurposeCode[], ttlSeconds: number, issuedBy: string): Promise<IssuedToken> {
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

  async revoke(id: string, revokedBy: string): Promise<ProcessorToken> {
    const repository = this.dataSource.getRepository(ProcessorToken);
    const record = await repository.findOneBy({ id });
    if (record === null) throw apiError(ErrorCode.NOT_FOUND, 'No such token.');
    if (record.revokedAt === null) {
      await repository.update({ id }, { revokedAt: new Date(), revokedBy });
    }
    return (await repository.findOneBy({ id }))!;
  }

  /** Whether a presented token is the one issued under its id and is neither revoked nor expired. */
  async isLive(tokenId: string, token: string, processorId: string): Promise<boolean> {
    const record = await this.dataSource.getRepository(ProcessorToken).findOneBy({ id: tokenId });
    return (
      record !== null &&
      record.processorId === processorId &&
      record.tokenHash === tokenDigest(token) &&
      record.revokedAt === null &&
      record.expiresAt > new Date()
    );
  }
}
