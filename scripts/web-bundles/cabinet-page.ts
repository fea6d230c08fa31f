import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/common/package-root';
import { listFiles, operationFiles } from '../../src/http/example-operations';
import type { WebPage } from './web-page';

/**
 * GET /cabinet's bundle (web/cabinet/): the customer's personal cabinet, a React app built on the typed client
 * (web/client/, whose generated documents come from `operations/`).
 */
export const CABINET_PAGE: WebPage = {
  name: 'cabinet',
  sourceDir: join(PACKAGE_ROOT, 'web', 'cabinet'),
  inputFiles: () => [...operationFiles(), ...listFiles(join(PACKAGE_ROOT, 'web', 'client'))],
  // The curves and hashes verify audit-log inclusion proofs in the browser; a package not installed hashes as "missing".
  packages: ['react', 'react-dom', 'esbuild', '@noble/curves', '@noble/hashes'],
};
