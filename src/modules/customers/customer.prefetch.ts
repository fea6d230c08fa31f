import type { EntityRows } from '../../db/entity-rows';
import type { SqlParameters } from '../../db/sql-parameters';
import type { Loaders } from '../../loaders';
import type { Consent } from '../consents/consent.entity';
import { customerConsentsColumn } from '../consents/consent.loaders';
import { linksFromColumn, recipientLinksColumn, type LinkFacts } from '../processors/recipient-links.loaders';
import type { Customer } from './customer.entity';

/**
 * What a statement that reads customers also reads for them: the consents, when the operation asks for them
 * (only the properties its selection needs), and for a recipient the links its decisions need. One statement for
 * a page and what hangs off it, as PostGraphile does, instead of one more per relation: on these machines each
 * statement costs the server about as much CPU as the rows it brings. The links prime the request's loader; the
 * consents, read for one selection, go on the customer they belong to, for `Customer.consents` alone. Nothing
 * outlives the request.
 */
export interface CustomerPrefetchSpec {
  /** The consent properties to read (undefined: all of them), or null when the operation asks for no consents. */
  consents: ReadonlySet<string> | undefined | null;
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
    if (this.spec.consents !== null) columns.push(`${customerConsentsColumn(this.consents, alias, this.spec.consents)} AS ${CONSENTS}`);
    if (this.spec.recipientProcessorId !== null) {
      columns.push(`${recipientLinksColumn(alias, this.spec.recipientProcessorId, params)} AS ${LINKS}`);
    }
    return columns;
  }

  /** Hands what each row brought to its customer and to the request's loaders. */
  apply(rows: ReadonlyArray<Record<string, unknown>>, customers: readonly Customer[]): void {
    const { recipientProcessorId: processorId } = this.spec;
    rows.forEach((row, index) => {
      const customer = customers[index];
      if (this.spec.consents !== null) customer.prefetchedConsents = this.consents.fromJsonRows(row[CONSENTS] as Array<Record<string, unknown>>);
      if (processorId !== null) {
        const key = { processorId, customerId: customer.id };
        this.loaders.recipientLinks.prime(key, linksFromColumn(processorId, customer.id, row[LINKS] as LinkFacts[]));
      }
    });
  }
}
