import { Poller } from './poller';

/**
 * The CPU readings count a shared server's whole cluster as PostgreSQL, so another session's tests against another
 * database of the same server would pass for our own load. This samples pg_stat_activity for client backends of
 * other databases that are running a statement; a cell in which they were seen in more than a tenth of the samples
 * is flagged disturbed. The embedded cluster serves the benchmark alone.
 */

const EVERY_MS = 250;
export const FOREIGN_DISTURBED_SHARE = 0.1;

export class ForeignActivity {
  private samples = 0;
  private busySamples = 0;
  private readonly poller: Poller;

  constructor(url: string) {
    this.poller = new Poller(url, EVERY_MS, async (client) => {
      const { rows } = await client.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                        WHERE backend_type = 'client backend' AND state = 'active' AND datname IS DISTINCT FROM current_database()) AS busy`,
      );
      this.samples += 1;
      if (rows[0].busy) this.busySamples += 1;
    });
  }

  start(): Promise<void> {
    return this.poller.start();
  }

  /** Stops sampling; the share of samples that saw another database at work. */
  async stop(): Promise<number> {
    await this.poller.stop();
    return this.samples === 0 ? 0 : this.busySamples / this.samples;
  }
}
