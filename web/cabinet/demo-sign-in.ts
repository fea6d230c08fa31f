/** The demo server's sign-in (only when the page names it): its customers, and a token for one of them. */
export interface DemoCustomer {
  id: string;
  fullName: string;
  locale: string;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function demoCustomers(baseUrl: string): Promise<DemoCustomer[]> {
  return (await json<{ customers: DemoCustomer[] }>(await fetch(`${baseUrl}/customers`))).customers;
}

export async function demoSignIn(baseUrl: string, customerId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId }),
  });
  return (await json<{ token: string }>(response)).token;
}
