import './shield-switch';
import 'reflect-metadata';
import { signToken } from '../../src/auth/tokens';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { StatementCounter } from '../../test/support/statement-counter';
import { pageProblem, REQUEST_BODY } from '../workload';
import { readSettings, sendToParent } from './child';

/**
 * Counts the SQL statements one page request sends, with the TypeORM logger the statement-count tests use. A
 * process of its own, with the same shield setting as the server it stands for, and no other traffic, so
 * that only this request's statements are counted.
 */

async function postPage(url: string, token: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: REQUEST_BODY,
  });
  const problem = pageProblem(await response.text());
  if (!response.ok || problem) throw new Error(`page request failed (HTTP ${response.status}): ${problem}`);
}

const firstTable = (sql: string): string => /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '?';

async function main(): Promise<void> {
  const { databaseUrl, jwtSecret } = readSettings();
  const counter = new StatementCounter();
  const dataSource = createDataSource({ url: databaseUrl, logger: counter });
  await dataSource.initialize();
  const server = await startServer({ dataSource, jwtSecret, logger: createLogger('warn'), port: 0 });
  try {
    const token = await signToken({ role: 'privacy_officer', sub: 'privacy_officer:bench' }, jwtSecret);
    // The second request is the one counted: the first may do one-off work.
    await postPage(server.url, token);
    const statements = await counter.during(() => postPage(server.url, token));
    await sendToParent({ type: 'statements', count: statements.length, tables: statements.map(firstTable) });
  } finally {
    await server.stop();
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
