import type { TestApp } from './test-app';

const RECORD_DISCLOSURE = `mutation ($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { id } }`;
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/**
 * A disclosure of `categories` of the customer to the processor on a fraud ground, hidden from the customer
 * (policy §2), recorded by `officer` through the API as a privacy officer does it; its id.
 */
export async function recordHiddenDisclosure(
  app: TestApp,
  officer: string,
  { customerId, processorId, categories }: { customerId: string; processorId: string; categories: string[] },
): Promise<string> {
  const recorded = await app.graphql<{ recordDisclosure: { id: string } }>(RECORD_DISCLOSURE, {
    token: officer,
    variables: {
      input: {
        ground: 'FRAUD_SECURITY',
        reference: 'FRAUD-2026-88',
        processorId,
        customerId,
        categories,
        justification: 'Suspected identity fraud.',
        expiresAt: new Date(Date.now() + THIRTY_DAYS_MS).toISOString(),
        hiddenFromCustomer: true,
        hiddenReason: 'Telling the customer would alert the suspect.',
      },
    },
  });
  if (recorded.errors !== undefined || !recorded.data) throw new Error(`disclosure not recorded: ${JSON.stringify(recorded.errors)}`);
  return recorded.data.recordDisclosure.id;
}
