import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import type { ConsentFacts, DisclosureFacts } from '../../policy/decide';
import type { PurposeCode } from '../../policy/purposes';

/** What may let one recipient read one customer: its GRANTED consents naming the recipient, its live disclosures to it. */
export interface RecipientLinks {
  consents: ConsentFacts[];
  disclosures: DisclosureFacts[];
}

export interface RecipientCustomer {
  processorId: string;
  customerId: string;
}

interface LinkRow {
  kind: 'CONSENT' | 'DISCLOSURE';
  id: string;
  customer_id: string;
  purpose_code: PurposeCode | null;
  categories: string[] | null;
  expires_at: Date | null;
}

/**
 * Both kinds of link in one statement for all customers of a request (by the recipient-first indexes), instead
 * of every consent of the page's customers and their disclosures in two. A withdrawn consent or a lapsed
 * disclosure lets no one read anything, so neither is read.
 */
async function loadLinks(dataSource: DataSource, processorId: string, customerIds: readonly string[]): Promise<Map<string, LinkRow[]>> {
  const rows = await dataSource.query<LinkRow[]>(
    `SELECT 'CONSENT' AS kind, k.id, k.customer_id, k.purpose_code, NULL::text[] AS categories, NULL::timestamptz AS expires_at
       FROM consent k WHERE k.processor_id = $1 AND k.customer_id = ANY($2) AND k.status = 'GRANTED'
     UNION ALL
     SELECT 'DISCLOSURE', d.id, d.customer_id, NULL, d.categories, d.expires_at
       FROM disclosure d WHERE d.processor_id = $1 AND d.customer_id = ANY($2) AND d.revoked_at IS NULL AND d.expires_at > now()`,
    [processorId, customerIds],
  );
  return groupBy(rows, (row) => row.customer_id);
}

function linksOf(processorId: string, rows: readonly LinkRow[]): RecipientLinks {
  const links: RecipientLinks = { consents: [], disclosures: [] };
  for (const row of rows) {
    if (row.kind === 'CONSENT') {
      links.consents.push({ id: row.id, customerId: row.customer_id, purposeCode: row.purpose_code!, processorId, status: 'GRANTED' });
    } else {
      links.disclosures.push({
        id: row.id,
        customerId: row.customer_id,
        processorId,
        categories: row.categories!,
        expiresAt: row.expires_at!,
        revokedAt: null,
      });
    }
  }
  return links;
}

export function createRecipientLinkLoaders(dataSource: DataSource) {
  return {
    recipientLinks: new DataLoader<RecipientCustomer, RecipientLinks, string>(
      async (keys) => {
        const byProcessor = groupBy(keys, (key) => key.processorId);
        const loaded = new Map<string, RecipientLinks>();
        for (const [processorId, group] of byProcessor) {
          const rows = await loadLinks(dataSource, processorId, group.map((key) => key.customerId));
          for (const { customerId } of group) loaded.set(`${processorId}|${customerId}`, linksOf(processorId, rows.get(customerId) ?? []));
        }
        return keys.map((key) => loaded.get(`${key.processorId}|${key.customerId}`)!);
      },
      { cacheKeyFn: (key) => `${key.processorId}|${key.customerId}` },
    ),
  };
}
