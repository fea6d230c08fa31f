import type { EntityRows, SqlParameters } from '../../db/entity-rows';
import type { Loaders } from '../../loaders';
import type { Consent } from '../consents/consent.entity';
import { customerConsentsColumn } from '../consents/consent.loaders';
import { linksFromColumn, recipientLinksColumn, type LinkFacts } from '../processors/recipient-links.loaders';

/**
 * What a statement that reads customers also reads for them, so that the request's loaders start primed: the
 * consents, when the operation asks for them, and for a recipient the links its decisions need. One statement
 * for a page and what hangs off it, as PostGraphile does, instead of one more per relation: on these machines
 * each statement costs the server about as much CPU as the rows it brings. Priming is per request, like the
 * loaders themselves; nothing outlives the request.
 */
export interface CustomerPrefetchSpec {
  consents: boolean;
  /** The recipient whose links to read, for an affiliate principal. */
  recipientProcessorId: string | null;
}

const CONSENTS = 'prefetched_consents';
const LINKS = 'prefetched_links';

export class CustomerPrefetch {
  constructor(
    private readonly consents: EntityRows<Consent>,
    private readonly loaders: Loaders,
    private readonly spec: CustomerPrefetchSpec,
  ) {}

  /** Extra select-list entries for the customer row under `alias`. */
  columns(alias: string, params: SqlParameters): string[] {
    const columns: string[] = [];
    if (this.spec.consents) columns.push(`${customerConsentsColumn(alias)} AS ${CONSENTS}`);
    if (this.spec.recipientProcessorId !== null) {
      columns.push(`${recipientLinksColumn(alias, this.spec.recipientProcessorId, params)} AS ${LINKS}`);
    }
    return columns;
  }

  /** Hands what the rows brought to the request's loaders. */
  prime(rows: ReadonlyArray<Record<string, unknown>>): void {
    const { recipientProcessorId: processorId } = this.spec;
    for (const row of rows) {
      const customerId = row.id as string;
      if (this.spec.consents) {
        this.loaders.consentsByCustomerId.prime(customerId, this.consents.fromJsonRows(row[CONSENTS] as Array<Record<string, unknown>>));
      }
      if (processorId !== null) {
        this.loaders.recipientLinks.prime(
          { processorId, customerId },
          linksFromColumn(processorId, customerId, row[LINKS] as LinkFacts[]),
        );
      }
    }
  }
}
