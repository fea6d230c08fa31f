import type { BatchResult, ImportWriter, WritableBatch } from './import-writer';

/**
 * Batches written side by side, each on a connection of its own. A failed write stops the import: the batches
 * already committed stay, and a re-run of the file re-applies them without change.
 */
export class WritePipeline {
  private readonly idle: ImportWriter[];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    writers: ImportWriter[],
    private readonly onWritten: (result: BatchResult) => void,
  ) {
    this.idle = [...writers];
  }

  /** Starts writing the batch once a connection is free. */
  async add(batch: WritableBatch): Promise<void> {
    while (this.idle.length === 0) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const writer = this.idle.pop() as ImportWriter;
    const job: Promise<void> = writer
      .write(batch)
      .then(this.onWritten, (error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.idle.push(writer);
        this.inFlight.delete(job);
      });
    this.inFlight.add(job);
  }

  /** Waits for every batch started; throws the first write error. */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
