import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { manyEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { Consent, ConsentEvent } from './consent.entity';

/** The order of a customer's consents, wherever they are read. */
const CONSENT_ORDER = 'k.purpose_code, k.created_at';

/** What each Consent field reads beyond its own column; relations and the receipt go by these ids. */
const CONSENT_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  purpose: ['purposeCode'],
  recipient: ['processorId'],
  history: ['id'],
  receipt: ['id', 'customerId', 'purposeCode', 'processorId'],
};
const CONSENT_KEY_PROPERTIES = ['id', 'customerId', 'purposeCode', 'processorId', 'status'];

/** The consent properties a selection of Consent fields needs (every one when a field is unknown). */
export function consentPropertiesFor(rows: EntityRows<Consent>, fields: ReadonlySet<string>): Set<string> | undefined {
  return rows.propertiesFor(fields, CONSENT_KEY_PROPERTIES, CONSENT_FIELD_PROPERTIES);
}

/**
 * A SQL expression giving, for the customer row under `customerAlias`, the JSON array of its consents in the
 * loader's order with the given properties: a column of a statement that reads customers, so that a page asking
 * for consents reads them in its own statement (see CustomerPrefetch). Read back with `EntityRows.fromJsonRows`.
 */
export function customerConsentsColumn(rows: EntityRows<Consent>, customerAlias: string, properties: ReadonlySet<string> | undefined): string {
  return `(SELECT coalesce(json_agg(${rows.jsonObject('k', properties)} ORDER BY ${CONSENT_ORDER}), '[]'::json)
           FROM consent k WHERE k.customer_id = ${customerAlias}.id)`;
}

export function createConsentLoaders(dataSource: DataSource) {
  const consents = EntityRows.of(dataSource, Consent);
  const events = dataSource.getRepository(ConsentEvent);
  return {
    /** Every consent of each customer, granted or withdrawn, as stored at the moment of the request. */
    consentsByCustomerId: new DataLoader<string, Consent[]>(
      manyEach(
        dataSource,
        consents,
        `SELECT ${consents.selectList('k')} FROM consent k WHERE k.customer_id = ANY($1) ORDER BY ${CONSENT_ORDER}`,
        (consent) => consent.customerId,
      ),
    ),
    consentEventsByConsentId: new DataLoader<string, ConsentEvent[]>(async (consentIds) => {
      const found = await events.find({ where: { consentId: In([...consentIds]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
      const byConsent = groupBy(found, (event) => event.consentId);
      return consentIds.map((id) => byConsent.get(id) ?? []);
    }),
  };
}
