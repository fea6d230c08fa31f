import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { apiError, ErrorCode } from '../../common/errors';
import { EntityRows } from '../../db/entity-rows';
import { Processor } from '../processors/processor.entity';
import { documentHash } from './document-hash';
import { checkTrustedDocument } from './document-check';
import { TrustedDocument } from './trusted-document.entity';
import type { RegisterTrustedDocumentInput } from './trusted-document.input';

export class TrustedDocumentService {
  private readonly rows: EntityRows<TrustedDocument>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = EntityRows.of(dataSource, TrustedDocument);
  }

  /**
   * Allows the document for the processor, once it is checked against `schema`. A text already live for the
   * processor is answered with its registration as it stands (who registered it first, under which name).
   */
  async register(input: RegisterTrustedDocumentInput, schema: GraphQLSchema, registeredBy: Actor): Promise<TrustedDocument> {
    const { operationName, operationType } = checkTrustedDocument(schema, input.document);
    const { processorId } = input;
    if (!(await this.dataSource.getRepository(Processor).existsBy({ id: processorId }))) {
      throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
    }
    // The no-op update makes the statement return the live row it collided with, instead of nothing.
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>(
      `INSERT INTO trusted_document (processor_id, document_hash, document, name, operation_name, operation_type, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (processor_id, document_hash) WHERE revoked_at IS NULL DO UPDATE SET processor_id = trusted_document.processor_id
       RETURNING *`,
      [processorId, documentHash(input.document), input.document, input.name?.trim() ?? null, operationName, operationType, registeredBy],
    );
    return this.rows.fromRow(row);
  }

  /** Refuses the document from the next request on; revoking it again changes nothing. */
  async revoke(id: string, revokedBy: Actor): Promise<TrustedDocument> {
    const repository = this.dataSource.getRepository(TrustedDocument);
    await this.dataSource.query(`UPDATE trusted_document SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      id,
      revokedBy,
    ]);
    const document = await repository.findOneBy({ id });
    if (document === null) throw apiError(ErrorCode.NOT_FOUND, 'No such trusted document.');
    return document;
  }

  /** Holds the processor's tokens to its trusted documents, or frees them; it takes effect on the next request. */
  async restrict(processorId: string, trustedDocumentsOnly: boolean): Promise<Processor> {
    const repository = this.dataSource.getRepository(Processor);
    const { affected } = await repository.update({ id: processorId }, { trustedDocumentsOnly });
    if (affected === 0) throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
    return (await repository.findOneBy({ id: processorId }))!;
  }

  /** Whether the processor has a live trusted document of that hash: one statement, on the index of live ones. */
  async isTrusted(processorId: string, hash: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM trusted_document WHERE processor_id = $1 AND document_hash = $2 AND revoked_at IS NULL`,
      [processorId, hash],
    );
    return rows.length > 0;
  }
}
