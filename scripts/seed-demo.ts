import { seedDemo, type DemoCounts, type DemoExamples } from './demo/demo-seed';
import { failUsage, parseCommandLine } from '../src/common/command-line';
import { runScript, withDatabase } from './with-database';

const USAGE = `usage: npm run seed:demo -- [--customers N] [--seed N]   (defaults: 3000 customers, seed 42)
  migrates, then fills an empty database with deterministic demo data`;

/** Exits before any database is opened, so a typo costs nothing. */
function integerFlag(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) failUsage(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}

function readOptions(): { customers: number; seed: number } {
  const { values } = parseCommandLine(USAGE, {
    options: {
      customers: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '42' },
    },
  });
  return { customers: integerFlag('customers', values.customers, 1), seed: integerFlag('seed', values.seed, 0) };
}

function printCounts(counts: DemoCounts): void {
  console.log(`  customers         ${counts.customers} (${counts.erasedCustomers} erased)`);
  console.log(`  processors        ${counts.processors} (${counts.processorPurposes} allowed purposes)`);
  console.log(`  consents          ${counts.consents} (${counts.withdrawnConsents} withdrawn), ${counts.consentEvents} consent events`);
  console.log(`  privacy requests  ${counts.privacyRequests}`);
}

function printExamples(examples: DemoExamples): void {
  const line = (label: string, id: string | undefined, detail: string | null | undefined) =>
    console.log(`  ${label.padEnd(24)}${id ?? '(none)'}${detail ? `  ${detail}` : ''}`);
  console.log('ids for examples:');
  line('trusted affiliate', examples.trustedAffiliate.id, examples.trustedAffiliate.name);
  line('untrusted third party', examples.untrustedThirdParty.id, examples.untrustedThirdParty.name);
  line('inactive processor', examples.inactiveProcessor.id, examples.inactiveProcessor.name);
  line('first customer', examples.firstCustomer.id, examples.firstCustomer.email);
  line('consents to affiliate', examples.consentingCustomer?.id, examples.consentingCustomer?.email);
  line('erased customer', examples.erasedCustomer?.id, null);
}

/** `npm run seed:demo`: migrates, seeds the purposes, then fills an empty database with deterministic demo data. */
runScript(async () => {
  const options = readOptions();
  await withDatabase(async (dataSource) => {
    const started = performance.now();
    const summary = await seedDemo(dataSource, options);
    if (!summary.written) {
      console.log(`demo data already present (${summary.existingCustomers} customers); nothing written`);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`demo data written in ${seconds} s (seed ${options.seed})`);
    printCounts(summary.counts);
    printExamples(summary.examples);
  });
});
