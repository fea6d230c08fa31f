import 'reflect-metadata';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import { startServer } from '../../src/server';
import { createServices } from '../../src/services';
import { StatementCounter } from '../../test/support/statement-counter';
import { answerProblem, workload, type Scene, type Workload } from '../workloads';
import { ENV, readSettings, required, sendToParent, type CountedStatements } from './child';

/**
 * Counts the SQL statements one request of each of our workloads sends (BENCH_WORKLOADS, with the tokens of
 * BENCH_SCENE), with the TypeORM logger of the statement-count tests. A process of its own with no other
 * traffic, so that only that request's statements are counted.
 */

async function post(url: string, w: Workload, scene: Scene): Promise<void> {
  const response = await fetch(new URL(w.path, url), { method: 'POST', headers: w.headers(scene), body: w.body(scene) });
  const problem = answerProblem(w, await response.text());
  if (!response.ok || problem) throw new Error(`${w.name}: request failed (HTTP ${response.status}): ${problem}`);
}

const firstTable = (sql: string): string => /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '?';

async function main(): Promise<void> {
  const { databaseUrl, jwtSecret } = readSettings();
  const scene = JSON.parse(required(ENV.scene)) as Scene;
  const workloads = required(ENV.workloads).split(',').map(workload);
  const counter = new StatementCounter();
  const dataSource = createDataSource({ url: databaseUrl, logger: counter });
  await dataSource.initialize();
  const services = createServices({ dataSource, jwtSecret, auditSigner: CheckpointSigner.generate(), logger: createLogger('warn') });
  const server = await startServer({ services, port: 0 });
  try {
    const counts: CountedStatements[] = [];
    for (const w of workloads) {
      // The second request is the one counted: the first may do one-off work.
      await post(server.url, w, scene);
      const statements = await counter.during(() => post(server.url, w, scene));
      counts.push({ workload: w.name, count: statements.length, tables: statements.map(firstTable) });
    }
    await sendToParent({ type: 'statements', counts });
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
