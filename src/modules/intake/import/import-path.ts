import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { OperatorError } from '../../../common/operator-error';

/**
 * A path the operator typed, from the directory they typed it in: npm runs scripts in the package root and leaves
 * the caller's directory in INIT_CWD; run without npm, the current directory is the caller's.
 */
export function resolveFromCaller(given: string, callerDir = process.env.INIT_CWD ?? process.cwd()): string {
  return path.resolve(callerDir, given);
}

/** Fails with one line naming the path as the operator gave it when the file to import cannot be read. */
export async function checkImportFile(given: string, resolved: string): Promise<void> {
  const found = await stat(resolved).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new OperatorError(`import: no such file: ${given}; give a path from the directory you run npm in, or an absolute one`);
    }
    throw new OperatorError(`import: cannot read ${given} (${error.code ?? error.message}); check the path and its permissions`);
  });
  if (!found.isFile()) throw new OperatorError(`import: not a file: ${given}; give the JSON Lines or CSV file to import`);
}

/** Fails with one line, before anything is imported, when the reject file could not be created where it is to go. */
export async function checkRejectFolder(given: string, resolved: string): Promise<void> {
  await access(path.dirname(resolved), constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'its folder does not exist' : `its folder is not writable (${error.code ?? error.message})`;
    throw new OperatorError(`import: cannot write the reject file ${given}: ${why}; give another with --rejects <file>`);
  });
}
