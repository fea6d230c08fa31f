import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/**
 * A query repeated on its own connection every `everyMs` until stopped: how the benchmark watches the database
 * during a cell without taking a connection from the clients' pools.
 */
export class Poller {
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly url: string,
    private readonly everyMs: number,
    private readonly poll: (client: Client) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'privacy-hub audit bench watch' });
    await client.connect();
    await this.poll(client);
    this.running = (async () => {
      try {
        while (!this.stopping) {
          await sleep(this.everyMs);
          await this.poll(client);
        }
      } finally {
        await client.end();
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}
