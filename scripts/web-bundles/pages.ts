import type { WebPageName } from '../../src/http/web-bundles';
import { CABINET_PAGE } from './cabinet-page';
import { GRAPHIQL_PAGE } from './graphiql-page';
import type { WebPage } from './web-page';

/** Every web page the server serves, by name. */
export const WEB_PAGES: Record<WebPageName, WebPage> = {
  graphiql: GRAPHIQL_PAGE,
  cabinet: CABINET_PAGE,
};
