import 'reflect-metadata';
import { openBenchDatabase } from '../../bench/bench-database';
import { Cleanup } from '../../bench/cleanup';
import { UsageError } from '../../bench/cli-options';
import { answerHelp, failUsage } from '../../src/common/command-line';
import { createDataSource } from '../../src/db/data-source';
import { prepareDatabase } from '../../src/db/prepare';
import { buildBareSchema } from '../../src/schema';
import { startTestApp } from '../support/test-app';
import { runCampaign } from './campaign';
import { HttpClient } from './http-client';
import { parseFuzzOptions, USAGE, type FuzzOptions } from './options';
import { renderFailures, renderSummary } from './report';
import { setUpScene } from './scene';

/**
 * `npm run fuzz`: the suite's fuzz checks (test/fuzz.test.ts) for longer, with a new seed each run unless given one.
 * It starts its own server on 127.0.0.1 over a database of its own (embedded, or a fresh one on DATABASE_URL's
 * server), stops after --operations requests or --seconds, whichever comes first, and exits 1 when a check failed.
 */

const NO_ANSWER_MS = 15_000;
const log = (message: string) => console.error(`[fuzz] ${message}`);

async function fuzz(options: FuzzOptions, cleanup: Cleanup): Promise<boolean> {
  const started = Date.now();
  log(`seed ${options.seed}: replay with npm run fuzz -- --seed ${options.seed}`);
  const database = await openBenchDatabase(process.env.DATABASE_URL, () => {}, { database: 'privacy_hub_fuzz', embeddedFolder: 'fuzz-pg' });
  cleanup.add('dispose of the fuzz database', database.dispose);
  const preparing = createDataSource({ url: database.url, poolSize: 1 });
  await preparing.initialize();
  await prepareDatabase(preparing);
  await preparing.destroy();
  // startTestApp: the server as the suite runs it (rate limits off, or the fuzzer would mostly meet 429s).
  const app = await startTestApp({ database: { url: database.url, drop: async () => {} } });
  cleanup.add('stop the server', () => app.close());
  const url = new URL(app.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the fuzzer sends to 127.0.0.1 only, not ${url.hostname}`);
  log(`database: ${database.description}; server ${app.url}`);

  const scene = await setUpScene({ dataSource: app.dataSource, jwtSecret: app.jwtSecret, url: app.url });
  const client = new HttpClient(app.url, NO_ANSWER_MS);
  cleanup.add('close the client', async () => client.close());
  const limit = options.onlyCase === undefined ? `up to ${options.operations} requests or ${options.seconds} s` : `case ${options.onlyCase}`;
  log(`${scene.principals.length} principals; ${limit}`);
  let failed = 0;
  const result = await runCampaign(
    { schema: await buildBareSchema(), scene, client, dataSource: app.dataSource, path: url.pathname },
    {
      seed: options.seed,
      operations: options.operations,
      onlyCase: options.onlyCase,
      deadline: Date.now() + options.seconds * 1000,
      onCase: (fuzzCase, findings) => {
        failed += findings.length;
        if ((fuzzCase.index + 1) % 1000 === 0) log(`${fuzzCase.index + 1} requests, ${failed} failed checks`);
      },
    },
  );
  const changed = await scene.changesToOracle();
  console.log(renderSummary(result));
  console.log(`seed ${options.seed}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (changed.length > 0) console.log(`\nThe run changed what the oracle assumed, so its leak verdicts may be wrong:\n${changed.join('\n')}`);
  if (result.failures.length > 0) console.log(`\n${renderFailures(result.failures)}`);
  return result.failures.length === 0 && changed.length === 0;
}

function readOptions(): FuzzOptions {
  answerHelp(USAGE);
  try {
    return parseFuzzOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) failUsage(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const cleanup = new Cleanup();
  cleanup.runOnSignals();
  let passed: boolean;
  try {
    passed = await fuzz(options, cleanup);
  } finally {
    await cleanup.runAll();
  }
  process.exit(passed ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
