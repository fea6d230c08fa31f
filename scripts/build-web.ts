import { WEB_PAGE_NAMES } from '../src/http/web-bundles';
import { runBuildCommand } from './web-bundles/build-command';

/**
 * `npm run build:web` (also run by `npm run build` and by the `prepare` script, scripts/prepare.cjs, so that
 * `npm install` / `npm ci` run it): bundles every web page the server serves (/graphiql, /cabinet) into
 * dist/<page>/<hash>/.
 */
runBuildCommand(
  `usage: npm run build:web [-- --force]
  bundles the web pages served at /graphiql and /cabinet into dist/<page>/<hash>/ unless those bundles exist
  --force  rebuilds them anyway`,
  WEB_PAGE_NAMES,
);
