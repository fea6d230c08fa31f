import { randomUUID } from 'node:crypto';
import { createLoaders } from '../src/loaders';
import { CustomersArgs } from '../src/modules/customers/customer.args';
import { CustomerService } from '../src/modules/customers/customer.service';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * An inactive processor "may not currently be used at all": it receives nothing about customers, not personal
 * fields, not customer ids, not counts, and its answer is the same for a customer it was linked to and for an id
 * that was never issued.
 */

let app: TestApp;
let processor: ProcessorRow;
let token: string;
const linked: CustomerRow[] = [];

const PAGE = `{ customers(first: 10) { totalCount edges { cursor node { id createdAt } } pageInfo { hasNextPage endCursor } } }`;
const ONE = `query ($id: UUID!) { customer(id: $id) { id createdAt locale email } }`;

beforeAll(async () => {
  app = await startTestApp();
  processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
  for (let index = 0; index < 3; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    linked.push(customer);
  }
  token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
  const active = await app.graphql<{ customers: { totalCount: number } }>(PAGE, { token });
  expect(active.data?.customers.totalCount).toBe(3);
  const deactivated = await app.graphql(`mutation ($id: UUID!) { updateProcessor(id: $id, input: { active: false }) { active } }`, {
    token: await app.tokenFor('privacy_officer'),
    variables: { id: processor.id },
  });
  expect(deactivated.data).toEqual({ updateProcessor: { active: false } });
});
afterAll(() => app.close());

it('gets no page, no count and no cursor of the customers it was linked to', async () => {
  const result = await app.graphql(PAGE, { token });
  expect(result.data).toEqual({ customers: null });
  expect(result.errors).toEqual([
    expect.objectContaining({ path: ['customers'], extensions: expect.objectContaining({ code: 'PROCESSOR_INACTIVE' }) }),
  ]);
});

it('gets the same answer for a linked customer as for an id never issued', async () => {
  const answers = await Promise.all(
    [linked[0].id, randomUUID()].map(async (id) => JSON.stringify(await app.graphql(ONE, { token, variables: { id } })).replaceAll(id, '<id>')),
  );
  expect(answers[0]).toEqual(answers[1]);
  expect(JSON.parse(answers[0])).toMatchObject({
    data: { customer: null },
    errors: [{ path: ['customer'], extensions: { code: 'PROCESSOR_INACTIVE' } }],
  });
});

it('holds no customer id in anything else it may ask', async () => {
  const result = await app.graphql(`{ processors { id name active allowedPurposes { code } } purposes { code } }`, { token });
  expect(result.errors).toBeUndefined();
  const answer = JSON.stringify(result.data);
  for (const customer of linked) expect(answer).not.toContain(customer.id);
});

it('is kept from the rows themselves, not only by the rule on the field', async () => {
  // The visibility rule (src/policy/visibility/customers.ts) on its own, as every page, point read and count uses it.
  const service = new CustomerService(app.dataSource);
  const along = { loaders: createLoaders(app.dataSource), fields: new Set(['id']), consentFields: new Set<string>() };
  const visibility = { scope: 'RECIPIENT', processorId: processor.id } as const;
  const request = { size: 10, backward: false, afterId: null, beforeId: null };
  const page = await service.page(visibility, Object.assign(new CustomersArgs(), { first: 10 }), along, request);
  expect(page.rows).toEqual([]);
  expect(await page.hasNextPage()).toBe(false);
  expect(await page.countTotal()).toBe(0);
  expect(await service.findVisibleById(visibility, linked[0].id, along)).toBeNull();
});

it('sees its customers again once the officer reactivates it', async () => {
  await app.dataSource.query(`UPDATE processor SET active = true WHERE id = $1`, [processor.id]);
  const result = await app.graphql<{ customers: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(PAGE, { token });
  expect(result.errors).toBeUndefined();
  expect(result.data?.customers.edges.map((edge) => edge.node.id).sort()).toEqual(linked.map((customer) => customer.id).sort());
});
