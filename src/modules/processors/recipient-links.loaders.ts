import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { SqlParameters } from '../../db/sql-parameters';
import type { ConsentFacts, DisclosureFacts } from '../../policy/decide';
import type { PurposeCode } from '../../policy/purposes';
import { recipientLinks } from '../../policy/visibility/customers';

/** What may let one recipient read one customer: its GRANTED consents naming the recipient, its live disclosures to it. */
export interface RecipientLinks {
  consents: ConsentFacts[];
  disclosures: DisclosureFacts[];
}

export interface RecipientCustomer {
  processorId: string;
  customerId: string;
}

/** One link as the JSON of `recipientLinksColumn` holds it. */
export interface LinkFacts {
  kind: 'CONSENT' | 'DISCLOSURE';
  id: string;
  purpose_code: PurposeCode | null;
  categories: string[] | null;
  expires_at: string | null;
}

/**
 * A SQL expression giving, for the customer row under `customerAlias`, the JSON array of its live links to the
 * recipient: usable as a column of any statement that reads customers (a page, a point read), so that the facts
 * of a recipient's decisions come with the customers instead of in statements of their own. A withdrawn consent
 * or a lapsed disclosure lets no one read anything, so neither is read.
 */
export function recipientLinksColumn(customerAlias: string, processorId: string, params: SqlParameters): string {
  const branches = recipientLinks(processorId, params).map(
    (link) => `SELECT ${link.facts} FROM ${link.from} WHERE link.customer_id = ${customerAlias}.id AND ${link.live}`,
  );
  return `(SELECT coalesce(json_agg(links), '[]'::json) FROM (${branches.join(' UNION ALL ')}) links)`;
}

/** The links of `recipientLinksColumn`'s JSON, as the decision's facts. */
export function linksFromColumn(processorId: string, customerId: string, json: readonly LinkFacts[]): RecipientLinks {
  const links: RecipientLinks = { consents: [], disclosures: [] };
  for (const link of json) {
    if (link.kind === 'CONSENT') {
      links.consents.push({ id: link.id, customerId, purposeCode: link.purpose_code!, processorId, status: 'GRANTED' });
    } else {
      links.disclosures.push({
        id: link.id,
        customerId,
        processorId,
        categories: link.categories!,
        expiresAt: new Date(link.expires_at!),
        revokedAt: null,
      });
    }
  }
  return links;
}

const recipientCustomerKey = ({ processorId, customerId }: RecipientCustomer): string => `${processorId}|${customerId}`;

async function loadLinks(dataSource: DataSource, processorId: string, customerIds: readonly string[]): Promise<Map<string, RecipientLinks>> {
  const params = new SqlParameters();
  const ids = params.add(customerIds);
  const rows = await dataSource.query<Array<{ id: string; links: LinkFacts[] }>>(
    `SELECT c.id, ${recipientLinksColumn('c', processorId, params)} AS links FROM unnest(${ids}::uuid[]) AS c(id)`,
    params.values,
  );
  return new Map(rows.map((row) => [row.id, linksFromColumn(processorId, row.id, row.links)]));
}

export function createRecipientLinkLoaders(dataSource: DataSource) {
  return {
    /** Primed by the statements that read customers for a recipient; loads only what they did not. */
    recipientLinks: new DataLoader<RecipientCustomer, RecipientLinks, string>(
      async (keys) => {
        const loaded = new Map<string, RecipientLinks>();
        for (const [processorId, group] of groupBy(keys, (key) => key.processorId)) {
          const links = await loadLinks(
            dataSource,
            processorId,
            group.map((key) => key.customerId),
          );
          for (const key of group) loaded.set(recipientCustomerKey(key), links.get(key.customerId)!);
        }
        return keys.map((key) => loaded.get(recipientCustomerKey(key))!);
      },
      { cacheKeyFn: recipientCustomerKey },
    ),
  };
}
