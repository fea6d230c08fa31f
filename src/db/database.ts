import path from 'node:path';
import { startEmbeddedPostgres, type RunningDatabase } from './embedded';

export const EMBEDDED_DATABASE_NAME = 'privacy_hub';

/**
 * The configured server when a URL is given (nothing is started), otherwise the embedded one under `dataDir/pg`.
 * `log` gets the embedded server's own output; `notice` one line for what was found and done (see embedded.ts).
 */
export async function openDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  log: (line: string) => void,
  notice: (line: string) => void = () => {},
): Promise<RunningDatabase & { embedded: boolean }> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => {}, embedded: false };
  const running = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), database: EMBEDDED_DATABASE_NAME, log, notice });
  return { ...running, embedded: true };
}
