/** What the server tells the page in its <meta> tags: where the API is, and on a demo server where to sign in. */
export interface PageConfig {
  /** The GraphQL endpoint, absolute. */
  graphqlUrl: string;
  /** The demo sign-in's base URL, only on a server started with demo sign-in. */
  demoSignInUrl: string | undefined;
}

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

export function readPageConfig(): PageConfig {
  const demo = meta('privacy-hub-demo-sign-in');
  return {
    graphqlUrl: new URL(meta('privacy-hub-graphql') ?? '/graphql', location.href).href,
    demoSignInUrl: demo === undefined ? undefined : new URL(demo, location.href).href.replace(/\/$/, ''),
  };
}
