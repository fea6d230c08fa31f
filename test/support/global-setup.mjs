// Jest loads global setup outside its module system; tsx lets it use the TypeScript helpers directly.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

export default async function globalSetup() {
  register();
  const { startTestDatabaseServer } = createRequire(import.meta.url)('./database-server.ts');
  globalThis.__privacyHubTestTeardown = await startTestDatabaseServer();
}
