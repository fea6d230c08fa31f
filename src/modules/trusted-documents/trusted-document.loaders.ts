import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { manyEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { TrustedDocument } from './trusted-document.entity';

export function createTrustedDocumentLoaders(dataSource: DataSource) {
  const documents = EntityRows.of(dataSource, TrustedDocument);
  return {
    /** Every trusted document of each processor, revoked ones included, newest first. */
    trustedDocumentsByProcessorId: new DataLoader<string, TrustedDocument[]>(
      manyEach(
        dataSource,
        documents,
        `SELECT ${documents.selectList('d')} FROM trusted_document d WHERE d.processor_id = ANY($1) ORDER BY d.registered_at DESC, d.id`,
        (document) => document.processorId,
      ),
    ),
  };
}
