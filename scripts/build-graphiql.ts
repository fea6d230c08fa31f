import { runBuildCommand } from './web-bundles/build-command';

/** `npm run build:graphiql`: bundles the GraphiQL page alone (`npm run build:web` bundles every page). */
runBuildCommand(
  `usage: npm run build:graphiql [-- --force]
  bundles the GraphiQL page served at /graphiql into dist/graphiql/<hash>/ unless that bundle exists
  --force  rebuilds it anyway`,
  ['graphiql'],
);
