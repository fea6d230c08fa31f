// Jest loads global setup outside its module system; tsx lets it use the TypeScript helpers directly.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

export default async function globalSetup() {
  register();
  const require = createRequire(import.meta.url);
  // Before the database: a run that cannot have its browser stops at once, with one line saying what to do.
  require('./ensure-browser.ts').ensureBrowser();
  const { startTestDatabaseServer } = require('./database-server.ts');
  globalThis.__privacyHubTestTeardown = await startTestDatabaseServer();
}
