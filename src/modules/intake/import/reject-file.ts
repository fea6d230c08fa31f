import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { OperatorError } from '../../../common/operator-error';
import type { Rejection } from './import-checker';

/**
 * The reject file, one JSON object per rejected line. Opened at the first rejection, so that an import that
 * rejects nothing (or never starts) leaves no empty file behind.
 */
export class RejectFile {
  private stream: WriteStream | null = null;

  constructor(readonly path: string) {}

  write(rejection: Rejection): void {
    // A failure to write (a full disk) is kept by the stream and reported by close().
    this.stream ??= createWriteStream(this.path).on('error', () => {});
    this.stream.write(`${JSON.stringify(rejection)}\n`);
  }

  async close(): Promise<void> {
    if (this.stream === null) return;
    this.stream.end();
    await finished(this.stream).catch((error: NodeJS.ErrnoException) => {
      throw new OperatorError(
        `import: could not write the reject file ${this.path} (${error.code ?? error.message}); its list of rejected lines is incomplete`,
      );
    });
  }
}
