/** A GraphQL answer as a client sees it, headers included (test-app's `graphql` keeps only the status and body). */
export interface HttpAnswer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

export async function postGraphQL(
  url: string,
  query: string,
  { token, variables, headers = {} }: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as HttpAnswer['body'] };
}

/** The one answer of an outage: 503, Retry-After, one SERVICE_UNAVAILABLE error and no data. */
export const SERVICE_UNAVAILABLE_ANSWER = {
  status: 503,
  retryAfter: '5',
  body: { errors: [{ message: 'The service is temporarily unavailable; retry after 5 s.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
};

export async function readiness(
  graphqlUrl: string,
): Promise<{ status: number; body: { status: string; alerts: string[] } & Record<string, unknown> }> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/readyz'));
  return { status: response.status, body: (await response.json()) as { status: string; alerts: string[] } };
}

/** Polls `condition` until it holds; for states the test reaches through another session, never for timing. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
