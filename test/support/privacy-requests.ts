import type { GraphQLResponse, TestApp } from './test-app';

/** A customer's privacy request taken through the whole procedure, as the customer and an officer do it. */

export interface DownloadedExport {
  document: Record<string, unknown>;
  readable: string;
}

function dataOf<T>(result: GraphQLResponse<T>): T {
  if (result.errors !== undefined || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The one-time code, as the sender would deliver it to the customer. */
export async function codeSentFor(app: TestApp, requestId: string): Promise<string> {
  const [row] = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE request_id = $1 AND kind = 'VERIFICATION_CODE' ORDER BY created_at DESC LIMIT 1`,
    [requestId],
  )) as Array<{ code: string }>;
  return row.code;
}

/** Submitted by the customer, verified with the code sent to them, taken on and completed by `officer`; its id. */
export async function fulfilPrivacyRequest(app: TestApp, officer: string, customerId: string, input: Record<string, unknown>): Promise<string> {
  const customer = await app.customerToken(customerId);
  const { submitPrivacyRequest: request } = dataOf(
    await app.graphql<{ submitPrivacyRequest: { id: string } }>(
      `mutation ($input: SubmitPrivacyRequestInput!) { submitPrivacyRequest(input: $input) { id } }`,
      { token: customer, variables: { input } },
    ),
  );
  const variables = { id: request.id };
  dataOf(
    await app.graphql(`mutation ($id: UUID!, $code: String!) { verifyPrivacyRequest(id: $id, code: $code) { id } }`, {
      token: customer,
      variables: { ...variables, code: await codeSentFor(app, request.id) },
    }),
  );
  await completeAsOfficer(app, officer, request.id);
  return request.id;
}

/** A verified request taken on and completed by `officer`. */
export async function completeAsOfficer(app: TestApp, officer: string, requestId: string): Promise<void> {
  const variables = { id: requestId };
  dataOf(await app.graphql(`mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id } }`, { token: officer, variables }));
  dataOf(await app.graphql(`mutation ($id: UUID!) { completePrivacyRequest(id: $id) { id } }`, { token: officer, variables }));
}

/** An access request fulfilled, and its export as the customer downloads it. */
export async function fulfilAccessRequest(app: TestApp, officer: string, customerId: string): Promise<DownloadedExport> {
  const requestId = await fulfilPrivacyRequest(app, officer, customerId, { type: 'ACCESS' });
  const { privacyRequestExport } = dataOf(
    await app.graphql<{ privacyRequestExport: DownloadedExport }>(
      `query ($requestId: UUID!) { privacyRequestExport(requestId: $requestId) { document readable } }`,
      { token: await app.customerToken(customerId), variables: { requestId } },
    ),
  );
  return privacyRequestExport;
}
