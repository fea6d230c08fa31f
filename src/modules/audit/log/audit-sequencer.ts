import { Client } from 'pg';
import type { Logger } from '../../../logger';
import { Frontier } from '../merkle/frontier';
import type { CheckpointSigner } from './checkpoint-signer';
import { EVENT_BY_KEY, leafColumns, leafHashOf, type LeafSource } from './leaf';
import type { SealingSettings } from './sealing-settings';
import { sqlOfClient, type Sql } from './sql';
import { latestCheckpoint, loadFrontier, storeCheckpoint, storeLeaves, storeNodes, type StoredCheckpoint } from './tree-store';

const SEQUENCER_CONNECT_TIMEOUT_MS = 5_000;

/** The session-level advisory lock whose holder is the one sequencer of the database. */
const SEQUENCER_LOCK_KEY = 0x70687563; // "phuc"

/**
 * Seals committed audit rows into the Merkle tree, off the request path. Every instance runs one; the one holding
 * the advisory lock on its own session seals, the others try again each interval, so a successor takes over within
 * one interval of the holder's session ending (a crash, a kill, a lost connection). Each batch is one transaction:
 * the rows leave the queue, get their leaf index and nodes, and the new root is signed, all together or not at all.
 * A second sequencer that believed itself leader could not fork the log either: batch numbers and leaf indexes are
 * unique, so its transaction would fail.
 */
export class AuditSequencer {
  private session: Client | null = null;
  /** Whether `session` holds the advisory lock. */
  private leading = false;
  /** The tree as this leader last sealed it; dropped whenever a batch fails, and then rebuilt from the store. */
  private sealed: { batch: number; frontier: Frontier } | null = null;
  private pass: Promise<number> = Promise.resolve(0);
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly signer: CheckpointSigner,
    private readonly settings: SealingSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const tick = () => {
      this.timer = null;
      void this.sealPending()
        .catch((error: unknown) => this.logger.error({ err: error }, 'audit sealing pass failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.settings.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.settings.intervalMs);
  }

  /** Stops the timer, waits for a pass under way, and ends the session, which releases the lead. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.pass.catch(() => 0);
    await this.dropSession();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** One pass, after any pass under way: leads if it can, then seals batches until the queue is empty. How many events it sealed. */
  sealPending(): Promise<number> {
    this.pass = this.pass.catch(() => 0).then(() => this.sealWhileLeading());
    return this.pass;
  }

  private async sealWhileLeading(): Promise<number> {
    if (this.stopped) return 0;
    let sql: Sql | null;
    try {
      sql = await this.lead();
    } catch (error) {
      await this.dropSession();
      throw error;
    }
    if (sql === null) return 0;
    let total = 0;
    try {
      // Stopping is checked between batches: under steady writes the queue may never run dry.
      while (!this.stopped) {
        const sealed = await this.sealBatch(sql);
        total += sealed;
        if (sealed < this.settings.maxBatch) break;
      }
      return total;
    } catch (error) {
      this.sealed = null;
      // A session that broke mid-batch (the transaction is gone with it) is given up, and with it the lead.
      if (!(await this.sessionAlive(sql))) await this.dropSession();
      throw error;
    }
  }

  /** The session, if it holds the lead or has just taken it; a follower keeps its session and asks again next pass. */
  private async lead(): Promise<Sql | null> {
    const session = this.session ?? (await this.connect());
    if (this.leading) return sqlOfClient(session);
    const [{ leading }] = (await session.query<{ leading: boolean }>('SELECT pg_try_advisory_lock($1) AS leading', [SEQUENCER_LOCK_KEY])).rows;
    if (!leading) return null;
    this.leading = true;
    this.sealed = null;
    this.logger.info('audit sequencer: leading');
    return sqlOfClient(session);
  }

  private async connect(): Promise<Client> {
    const session = new Client({
      connectionString: this.connectionString,
      application_name: 'privacy-hub audit sequencer',
      // A server that accepts the connection and never answers must not hold the sealing loop: the next pass retries.
      connectionTimeoutMillis: SEQUENCER_CONNECT_TIMEOUT_MS,
      // A peer that vanished without closing the connection is noticed, and the lead (a session lock) is given up.
      keepAlive: true,
    });
    session.on('error', (error) => {
      this.logger.warn({ err: error }, 'audit sequencer session lost');
      if (this.session === session) this.forgetSession();
    });
    try {
      await session.connect();
    } catch (error) {
      await session.end().catch(() => undefined);
      throw error;
    }
    this.session = session;
    return session;
  }

  private forgetSession(): void {
    this.session = null;
    this.leading = false;
    this.sealed = null;
  }

  private async sessionAlive(sql: Sql): Promise<boolean> {
    try {
      await sql('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.forgetSession();
    await session?.end().catch(() => undefined);
  }

  private async sealBatch(sql: Sql): Promise<number> {
    await sql('BEGIN');
    try {
      const latest = await latestCheckpoint(sql);
      const frontier = await this.frontierAt(sql, latest);
      // An event that is queued but gone (removed by someone bypassing the append-only rule) stays queued, where
      // the seal-lag alert shows it.
      const events = await sql<LeafSource & { occurred_at_exact: string }>(
        `WITH next AS (SELECT event_id, occurred_at FROM audit_unsealed ORDER BY event_id LIMIT $1),
         found AS (SELECT e.* FROM next n CROSS JOIN LATERAL (${EVENT_BY_KEY('n.event_id', 'n.occurred_at')}) e)
         DELETE FROM audit_unsealed u USING found e WHERE u.event_id = e.id
         RETURNING ${leafColumns('e')}, e.occurred_at::text AS occurred_at_exact`,
        [this.settings.maxBatch],
      );
      if (events.length === 0) {
        await sql('ROLLBACK');
        return 0;
      }
      // In id order, as the queue holds them (RETURNING has no order of its own).
      events.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
      const firstIndex = frontier.size;
      const leaves = events.map((event) => ({ eventId: event.id, occurredAt: event.occurred_at_exact, hash: leafHashOf(event) }));
      const nodes = leaves.flatMap((leaf) => frontier.append(leaf.hash).filter((node) => node.id.level > 0));
      await storeLeaves(sql, firstIndex, leaves);
      await storeNodes(sql, nodes);
      const batch = (latest?.batch ?? 0) + 1;
      await storeCheckpoint(sql, batch, this.signer.sign(frontier.size, frontier.root(), new Date()));
      await sql('COMMIT');
      this.sealed = { batch, frontier };
      return events.length;
    } catch (error) {
      await sql('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** The tree at the latest checkpoint, checked against it before anything is appended to it. */
  private async frontierAt(sql: Sql, latest: StoredCheckpoint | null): Promise<Frontier> {
    if (latest === null) return Frontier.empty();
    if (this.sealed?.batch === latest.batch) return this.sealed.frontier;
    const frontier = await loadFrontier(sql, latest.treeSize);
    if (frontier === null || !frontier.root().equals(latest.root) || !this.signer.verifies(latest.document)) {
      throw new Error(`the stored audit tree does not match its signed checkpoint of batch ${latest.batch}: sealing stopped`);
    }
    return frontier;
  }
}
