import { startTracing } from './tracing';

/**
 * main.ts's first import: starts OpenTelemetry tracing when the OTEL_* variables configure an exporter, before
 * http, express, pg and graphql are loaded, so that the instrumentations can patch them. A plain module rather
 * than a `--require` flag, so that `tsx src/main.ts` and the compiled `node dist/.../main.js` both get it.
 */
export const tracing = startTracing(process.env);
