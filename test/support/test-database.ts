import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Environment variables through which the global setup tells each test worker where its databases come from. */
export const TEST_ADMIN_URL = 'PRIVACY_HUB_TEST_ADMIN_URL';
export const TEST_TEMPLATE = 'PRIVACY_HUB_TEST_TEMPLATE';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (npm test), whose global setup sets it`);
  return value;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: required(TEST_ADMIN_URL) });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database for one test file: a copy of the migrated template, or empty when `empty` is set. */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const name = `privacy_hub_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${required(TEST_TEMPLATE)}`));
  return {
    url: databaseUrl(required(TEST_ADMIN_URL), name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
