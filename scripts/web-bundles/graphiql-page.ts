import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/common/package-root';
import { operationFiles, readExamples, SCHEMA_FILE } from '../../src/http/example-operations';
import type { WebPage } from './web-page';

/**
 * GET /graphiql's bundle (web/graphiql/): React, GraphiQL, Monaco and its workers, with the example operations of
 * `operations/` embedded (`__PRIVACY_HUB_EXAMPLES__`, completed against schema.graphql).
 */
export const GRAPHIQL_PAGE: WebPage = {
  name: 'graphiql',
  sourceDir: join(PACKAGE_ROOT, 'web', 'graphiql'),
  inputFiles: () => [...operationFiles(), SCHEMA_FILE],
  packages: ['graphiql', '@graphiql/react', '@graphiql/toolkit', 'react', 'react-dom', 'esbuild', 'graphql'],
  appOptions: () => ({
    define: { __PRIVACY_HUB_EXAMPLES__: JSON.stringify(readExamples()) },
    // Only for websocket subscriptions (a subscriptionUrl), which this API does not offer.
    external: ['graphql-ws'],
  }),
  // Monaco's workers: plain scripts the page starts with `new Worker(url)` from its own origin.
  extraEntryPoints: () => {
    const fromReact = createRequire(require.resolve('@graphiql/react/package.json'));
    return {
      'editor.worker': fromReact.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
      'json.worker': fromReact.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
      'graphql.worker': fromReact.resolve('monaco-graphql/esm/graphql.worker.js'),
    };
  },
};
