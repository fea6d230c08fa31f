/**
 * Monaco (GraphiQL's editor) runs its language services in web workers. They are files of the bundle, started
 * from this page's own origin: no CDN, no blob: URL (the Content-Security-Policy allows neither).
 * Imported before GraphiQL so the environment is in place when the first editor starts.
 */
const assets = new URL(document.querySelector<HTMLMetaElement>('meta[name="privacy-hub-assets"]')?.content ?? './', location.href);

(globalThis as typeof globalThis & { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(new URL(`${name}.worker.js`, assets), { name: label });
  },
};

export {};
