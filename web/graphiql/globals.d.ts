/** Replaced at build time with the operations of `operations/*.graphql` (scripts/web-bundles/graphiql-page.ts). */
declare const __PRIVACY_HUB_EXAMPLES__: Array<{
  role: string;
  roleLabel: string;
  roleDescription: string;
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  document: string;
  variables: string;
}>;

declare module '*.css';
