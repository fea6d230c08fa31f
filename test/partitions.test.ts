import { Client } from 'pg';
import { extendPartitions, MONTHLY_PARTITIONED_TABLES, MONTHS_AHEAD } from '../src/db/partitions';
import { ACCESS_LOG_LIMIT } from '../src/modules/audit/audit.loaders';
import { insertConsent, insertCustomer } from './support/fixtures';
import { explainAnalyze, planNodes, type PlanNode } from './support/explain';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * audit_event and consent_event are range-partitioned by UTC month (SealedAuditLog): the months ahead are made
 * before any row needs them, by whichever instance gets there first, every new one append-only like the rest;
 * and the queries that read them open only the months they need.
 *
 * Every "now" here is pinned, relative to the newest month the template's migration made (the real month the
 * test run started in, plus three), so that the test means the same whenever it runs.
 */

let app: TestApp;

/** A UTC month as a count of months since year 0: month arithmetic without Dates. */
type Month = number;
const monthOf = (year: number, month: number): Month => year * 12 + (month - 1);
const label = (month: Month) => `${Math.floor(month / 12)}_${String((month % 12) + 1).padStart(2, '0')}`;
/** The first instant of a month, UTC. */
const startOf = (month: Month) => new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
/** How PostgreSQL prints that instant as a timestamptz in UTC. */
const printed = (month: Month) => `${label(month).replace('_', '-')}-01 00:00:00+00`;
const range = (from: Month, through: Month): Month[] => Array.from({ length: through - from + 1 }, (_, index) => from + index);

interface Partition {
  name: string;
  bound: string;
}

const byName = (partitions: Partition[]) => [...partitions].sort((a, b) => (a.name < b.name ? -1 : 1));

/** A partitioned table's partitions with their bounds printed in UTC, by name. */
async function partitionsOf(parent: string): Promise<Partition[]> {
  const runner = app.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query(`SET LOCAL TimeZone = 'UTC'`);
    const rows = (await runner.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [parent],
    )) as Partition[];
    await runner.commitTransaction();
    return rows;
  } finally {
    await runner.release();
  }
}

/** The monthly partition of `parent` for `month`, as extend_monthly_partitions makes it. */
function monthly(parent: string, month: Month): Partition {
  return { name: `${parent}_${label(month)}`, bound: `FOR VALUES FROM ('${printed(month)}') TO ('${printed(month + 1)}')` };
}

/** The newest monthly partition of `parent`, from the catalog. */
async function newestMonth(parent: string): Promise<Month> {
  const names = (await partitionsOf(parent)).map(({ name }) => name).filter((name) => new RegExp(`^${parent}_\\d{4}_\\d{2}$`).test(name));
  const [year, month] = names
    .at(-1)!
    .slice(parent.length + 1)
    .split('_')
    .map(Number);
  return monthOf(year, month);
}

/** The month the template was migrated in: the one its "before" partition ends at. */
let migrationMonth: Month;
/** The partitions the migration made, per table. */
const asMigrated = new Map<string, Partition[]>();

beforeAll(async () => {
  app = await startTestApp();
  for (const parent of MONTHLY_PARTITIONED_TABLES) asMigrated.set(parent, await partitionsOf(parent));
  const before = asMigrated.get('audit_event')!.find(({ name }) => name.startsWith('audit_event_before_'))!;
  const [year, month] = before.name.slice('audit_event_before_'.length).split('_').map(Number);
  migrationMonth = monthOf(year, month);
});
afterAll(() => app.close());

async function insertAuditEvents(customerId: string, occurredAt: Date[]): Promise<string[]> {
  const rows = (await app.dataSource.query(
    `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
     SELECT at, gen_random_uuid(), 'privacy_officer', 'officer:test', $1, '{email}', 'PRIVACY_OFFICER' FROM unnest($2::timestamptz[]) AS t(at)
     RETURNING id::text`,
    [customerId, occurredAt],
  )) as Array<{ id: string }>;
  return rows.map(({ id }) => id);
}

describe('partitions made ahead of time', () => {
  it('starts from what the migration made: everything before its month in one, then that month and the next three', () => {
    for (const parent of MONTHLY_PARTITIONED_TABLES) {
      expect(asMigrated.get(parent)).toEqual([
        ...range(migrationMonth, migrationMonth + MONTHS_AHEAD).map((month) => monthly(parent, month)),
        { name: `${parent}_before_${label(migrationMonth)}`, bound: `FOR VALUES FROM (MINVALUE) TO ('${printed(migrationMonth)}')` },
      ]);
    }
  });

  it('makes every missing month up to three after now, the months between the newest and now included, and nothing the second time', async () => {
    const newest = migrationMonth + MONTHS_AHEAD;
    // Four months after the newest: three months' gap (the server down for a while), now's month, three ahead.
    const now = new Date(Date.UTC(Math.floor((newest + 4) / 12), (newest + 4) % 12, 15, 12, 0, 0));
    expect(await extendPartitions(app.dataSource, now)).toBe(2 * 7);
    for (const parent of MONTHLY_PARTITIONED_TABLES) {
      expect(await partitionsOf(parent)).toEqual(
        byName([...asMigrated.get(parent)!, ...range(newest + 1, newest + 7).map((month) => monthly(parent, month))]),
      );
    }
    expect(await extendPartitions(app.dataSource, now)).toBe(0);
    // An earlier now has nothing to add either.
    expect(await extendPartitions(app.dataSource, startOf(migrationMonth))).toBe(0);
  });

  it("counts months in UTC: a now late on a month's last day west of Greenwich is already the next month", async () => {
    const newest = await newestMonth('audit_event');
    // 23:30 at UTC-2 on the last day of the newest month is 01:30 UTC on the 1st of the month after.
    const lastDay = new Date(startOf(newest + 1).getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    const now = new Date(`${lastDay}T23:30:00-02:00`);
    expect(now.toISOString()).toBe(`${label(newest + 1).replace('_', '-')}-01T01:30:00.000Z`);
    // Now's month is newest + 1, so: newest + 1 to newest + 1 + 3.
    expect(await extendPartitions(app.dataSource, now)).toBe(2 * 4);
    for (const parent of MONTHLY_PARTITIONED_TABLES) {
      expect(await newestMonth(parent)).toBe(newest + 1 + MONTHS_AHEAD);
    }
  });

  it('gives every new partition its own append-only trigger: a statement naming it is refused', async () => {
    // The partitions the two tests above made: 7 and 4 months of each table.
    for (const parent of MONTHLY_PARTITIONED_TABLES) {
      const made = (await partitionsOf(parent)).map(({ name }) => name).filter((name) => !asMigrated.get(parent)!.some((old) => old.name === name));
      expect(made).toHaveLength(7 + 4);
      for (const partition of made) {
        await expect(app.dataSource.query(`UPDATE ${partition} SET occurred_at = occurred_at`)).rejects.toThrow(
          `${partition} is append-only: UPDATE refused`,
        );
        await expect(app.dataSource.query(`DELETE FROM ${partition}`)).rejects.toThrow(`${partition} is append-only: DELETE refused`);
        await expect(app.dataSource.query(`TRUNCATE ${partition}`)).rejects.toThrow(`${partition} is append-only: TRUNCATE refused`);
      }
      const triggers = (await app.dataSource.query(
        `SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relname = ANY($1) AND NOT t.tgisinternal ORDER BY 1`,
        [made],
      )) as Array<{ relname: string; tgname: string }>;
      expect(triggers).toEqual(made.sort().map((relname) => ({ relname, tgname: `${relname}_append_only` })));
    }
  });
});

describe('rows in months made ahead', () => {
  let month: Month;

  beforeAll(async () => {
    // A month the extension above made, two before the newest.
    month = (await newestMonth('audit_event')) - 2;
  });

  it("stores an audit row in its month's partition, the first instant of a month in that month, and queues it for sealing", async () => {
    const customer = await insertCustomer(app.dataSource);
    const firstInstant = startOf(month);
    const lastInstant = new Date(firstInstant.getTime() - 1);
    const ids = await insertAuditEvents(customer.id, [new Date(firstInstant.getTime() + 10 * 86400 * 1000), firstInstant, lastInstant]);
    const stored = (await app.dataSource.query(
      `SELECT id::text, tableoid::regclass::text AS partition FROM audit_event WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    )) as Array<{ id: string; partition: string }>;
    expect(stored).toEqual([
      { id: ids[0], partition: `audit_event_${label(month)}` },
      { id: ids[1], partition: `audit_event_${label(month)}` },
      { id: ids[2], partition: `audit_event_${label(month - 1)}` },
    ]);
    // The queue trigger is on the parent: a statement naming the parent queues every row, whichever partition took it.
    const queued = (await app.dataSource.query(
      `SELECT u.event_id::text AS id FROM audit_unsealed u WHERE u.event_id = ANY($1::bigint[])
       AND u.occurred_at = (SELECT occurred_at FROM audit_event e WHERE e.id = u.event_id) ORDER BY u.event_id`,
      [ids],
    )) as Array<{ id: string }>;
    expect(queued.map(({ id }) => id)).toEqual(ids);
  });

  it("stores a consent event in its month's partition", async () => {
    const customer = await insertCustomer(app.dataSource);
    const consentId = await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION' });
    const [{ partition }] = (await app.dataSource.query(
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       VALUES ($1, 'WITHDRAWN', 'PERSONAL_CABINET', '2024-01', $2, 'test') RETURNING tableoid::regclass::text AS partition`,
      [consentId, new Date(startOf(month).getTime() + 3 * 86400 * 1000)],
    )) as Array<{ partition: string }>;
    expect(partition).toBe(`consent_event_${label(month)}`);
  });

  it('refuses a row past the newest month made: the reason they are made ahead', async () => {
    const customer = await insertCustomer(app.dataSource);
    const beyond = startOf((await newestMonth('audit_event')) + 1);
    await expect(insertAuditEvents(customer.id, [beyond])).rejects.toThrow('no partition of relation "audit_event" found for row');
  });
});

describe('two instances extending at once', () => {
  let clients: Client[];

  beforeAll(async () => {
    const url = (app.dataSource.options as { url: string }).url;
    // Sessions in different time zones: the months made are UTC months whatever the session's.
    clients = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all(clients.map((client) => client.connect()));
    await clients[0].query(`SET TimeZone = 'Asia/Baku'`);
    await clients[1].query(`SET TimeZone = 'America/Los_Angeles'`);
  });
  afterAll(() => Promise.all(clients.map((client) => client.end())));

  const extend = async (client: Client, parent: string, through: Month): Promise<number> => {
    const { rows } = await client.query<{ made: number }>(`SELECT extend_monthly_partitions($1::regclass, $2::date, $2::date) AS made`, [
      parent,
      startOf(through).toISOString().slice(0, 10),
    ]);
    return rows[0].made;
  };

  it('makes each month once when the second waits for the first to commit', async () => {
    const [first, second] = clients;
    const before = await partitionsOf('audit_event');
    const newest = await newestMonth('audit_event');
    await first.query('BEGIN');
    expect(await extend(first, 'audit_event', newest + 2)).toBe(2);
    const [{ pid }] = (await second.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows;
    const waiting = extend(second, 'audit_event', newest + 2);
    // Until the second session waits on the first's advisory lock (no clock involved: the jest timeout bounds it).
    for (;;) {
      const { rows } = await first.query<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted) AS waiting`,
        [pid],
      );
      if (rows[0].waiting) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.query('COMMIT');
    expect(await waiting).toBe(0);
    expect(await partitionsOf('audit_event')).toEqual(byName([...before, monthly('audit_event', newest + 1), monthly('audit_event', newest + 2)]));
  });

  it('both succeed when they call at the same moment, and the months exist once', async () => {
    const before = await partitionsOf('consent_event');
    const newest = await newestMonth('consent_event');
    const made = await Promise.all(clients.map((client) => extend(client, 'consent_event', newest + 3)));
    // Whichever got the lock first made the three months; the other found nothing left to make.
    expect(made.sort((a, b) => a - b)).toEqual([0, 3]);
    expect(await partitionsOf('consent_event')).toEqual(
      byName([...before, ...range(newest + 1, newest + 3).map((month) => monthly('consent_event', month))]),
    );
  });
});

function explain(sql: string, parameters: unknown[]): Promise<PlanNode> {
  return explainAnalyze(app.dataSource, sql, parameters);
}

/** The statements the API sent while answering, with their parameters, that read `table`. */
async function statementsReading(table: RegExp, work: () => Promise<unknown>): Promise<Array<{ sql: string; parameters: unknown[] }>> {
  return (await app.statements.withParameters(work)).filter(({ sql }) => table.test(sql));
}

/** Scans of `parent`'s partitions in a plan: partition → how many times its scan ran (0: never executed). */
function partitionScans(plan: PlanNode, parent: string): Record<string, number> {
  const scans: Record<string, number> = {};
  for (const node of planNodes(plan)) {
    const relation = node['Relation Name'];
    if (relation?.startsWith(`${parent}_`)) scans[relation] = (scans[relation] ?? 0) + node['Actual Loops'];
  }
  return scans;
}

/** Every partition of `parent` with `loops(partition)`, as `partitionScans` reports them. */
async function expectedScans(parent: string, loops: (month: Month | 'before') => number): Promise<Record<string, number>> {
  const expected: Record<string, number> = {};
  for (const { name } of await partitionsOf(parent)) {
    const suffix = name.slice(parent.length + 1);
    if (suffix.startsWith('before_')) expected[name] = loops('before');
    else {
      const [year, month] = suffix.split('_').map(Number);
      expected[name] = loops(monthOf(year, month));
    }
  }
  return expected;
}

/** `count` instants in `month`, a minute apart from the start of its second day. */
const instantsIn = (month: Month, count: number) =>
  Array.from({ length: count }, (_, index) => new Date(startOf(month).getTime() + 86_400_000 + (index + 1) * 60_000));

/** Reads of `customers` made-up customers (the audit log has no foreign keys), `each` reads each, in `month`. */
async function insertReadsOfOthers(tag: string, customers: number, each: number, month: Month): Promise<void> {
  await app.dataSource.query(
    `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
     SELECT $1::timestamptz + (g % 20) * interval '1 day' + g * interval '1 second', gen_random_uuid(), 'privacy_officer', 'officer:test',
            md5($2::text || (g % $3::int))::uuid, '{email}', 'PRIVACY_OFFICER'
     FROM generate_series(0, $3::int * $4::int - 1) g`,
    [startOf(month), tag, customers, each],
  );
}

describe('the access log reads only the months it needs', () => {
  /** The month a heavily read customer's newest ACCESS_LOG_LIMIT and more reads fall in; months after it are empty. */
  let rich: Month;

  beforeAll(async () => {
    // Four months after the migration's: two monthly partitions before it, and (made here if need be) three after.
    rich = migrationMonth + 4;
    await extendPartitions(app.dataSource, startOf(rich));
  });

  /**
   * The customer's own `me { accessLog }` through the API, and EXPLAIN ANALYZE of the very statement (and
   * parameters) the loader sent for it: the statement text is taken from what the server sent, not copied.
   */
  async function accessLogScans(customerId: string, expectedEntries: number): Promise<Record<string, number>> {
    const token = await app.customerToken(customerId);
    const sent = await statementsReading(/FROM audit_event a WHERE a\.customer_id = wanted\.customer_id/, async () => {
      const result = await app.graphql<{ me: { accessLog: Array<{ id: string }> } }>(`{ me { accessLog(first: ${ACCESS_LOG_LIMIT}) { id } } }`, {
        token,
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!.me.accessLog).toHaveLength(expectedEntries);
    });
    expect(sent).toHaveLength(1);
    expect(sent[0].parameters).toEqual([[customerId], ACCESS_LOG_LIMIT]);
    return partitionScans(await explain(sent[0].sql, sent[0].parameters), 'audit_event');
  }

  /** ACCESS_LOG_LIMIT + 20 reads in `rich`, and older ones: two months before it and before the partitioned months. */
  async function heavilyRead(): Promise<string> {
    const customer = await insertCustomer(app.dataSource);
    await insertAuditEvents(customer.id, [
      ...instantsIn(rich, ACCESS_LOG_LIMIT + 20),
      ...instantsIn(rich - 1, 5),
      ...instantsIn(rich - 2, 5),
      new Date('2020-01-15T00:00:00Z'),
    ]);
    return customer.id;
  }

  /** Three reads: one in `rich`, one two months before, one before the partitioned months. */
  async function lightlyRead(): Promise<string> {
    const customer = await insertCustomer(app.dataSource);
    await insertAuditEvents(customer.id, [...instantsIn(rich, 1), ...instantsIn(rich - 2, 1), new Date('2020-01-15T00:00:00Z')]);
    return customer.id;
  }

  // Newest first, the months after `rich` give nothing, `rich` gives the whole answer, older months are not opened.
  const stopsAtRich = (month: Month | 'before') => (month !== 'before' && month >= rich ? 1 : 0);

  // The planner takes the ordered (stop-early) path when its statistics say a customer has more reads than the
  // limit; ANALYZE stands in for autovacuum's.
  describe('in a log whose customers have, by the statistics, more reads each than one answer shows', () => {
    beforeAll(async () => {
      for (const month of range(rich - 2, rich + 3)) await insertReadsOfOthers('many reads ', 30, 100, month);
      await app.dataSource.query(`ANALYZE audit_event`);
    });

    it('does not open the months older than those that gave a heavily read customer a full answer', async () => {
      const heavy = await heavilyRead();
      expect(await accessLogScans(heavy, ACCESS_LOG_LIMIT)).toEqual(await expectedScans('audit_event', stopsAtRich));
    });

    it('reads every month for a customer with few reads', async () => {
      const light = await lightlyRead();
      expect(await accessLogScans(light, 3)).toEqual(await expectedScans('audit_event', () => 1));
    });
  });

  // Most customers are read a few times; a few, much more. The estimate for "this customer's reads" is the
  // average (the customer id is a parameter of the lateral join, not a constant), so here it is a handful.
  describe('in a log where most customers have a few reads', () => {
    beforeAll(async () => {
      for (const month of range(rich - 2, rich + 3)) await insertReadsOfOthers('few reads ', 3000, 1, month);
      await app.dataSource.query(`ANALYZE audit_event`);
    });

    it('does not open the months older than those that gave a heavily read customer a full answer', async () => {
      const heavy = await heavilyRead();
      expect(await accessLogScans(heavy, ACCESS_LOG_LIMIT)).toEqual(await expectedScans('audit_event', stopsAtRich));
    });
  });
});

describe('a month of statistics reads only the months it needs', () => {
  /**
   * The month asked for: two before the migration's, since only months that are over (and settled, an hour after
   * their end) may be asked. It lies in the "before" partition; the migration's month and the months made ahead
   * hold rows too, and must be pruned.
   */
  let month: Month;
  let analyst: string;

  const STATS = `query ($from: DateTime!, $to: DateTime!) {
    stats(from: $from, to: $to) { personalFieldReads { reader fieldReads } consentFlows { month granted { value } withdrawn { value } } }
  }`;

  /** The analyst's stats for `month` through the API, and EXPLAIN ANALYZE of the statement it sent on `table`. */
  async function statsPlan(table: 'audit_event' | 'consent_event'): Promise<PlanNode> {
    const sent = await statementsReading(new RegExp(`\\b${table}\\b`), async () => {
      const result = await app.graphql(STATS, {
        token: analyst,
        variables: { from: startOf(month).toISOString(), to: startOf(month + 1).toISOString() },
      });
      expect(result.errors).toBeUndefined();
    });
    expect(sent).toHaveLength(1);
    return explain(sent[0].sql, sent[0].parameters);
  }

  beforeAll(async () => {
    month = migrationMonth - 2;
    await extendPartitions(app.dataSource, startOf(migrationMonth + 3));
    analyst = await app.tokenFor('analyst');
    for (const read of range(month - 1, migrationMonth + 1)) await insertReadsOfOthers(`stats reads ${read}`, 20, 5, read);
    // 400 customers with a consent each, granted and withdrawn by turns twice a month from three months before
    // `month` to two after, and once before the partitioned months.
    await app.dataSource.query(
      `WITH customers AS (
         INSERT INTO customer (email, created_at) SELECT 'stats' || g || '@example.az', '2020-01-01' FROM generate_series(1, 400) g RETURNING id)
       INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version)
       SELECT id, 'PERSONALIZATION', 'GRANTED', now(), 'PERSONAL_CABINET', '2024-01' FROM customers`,
    );
    await app.dataSource.query(
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       SELECT c.id, CASE WHEN step % 2 = 0 THEN 'GRANTED' ELSE 'WITHDRAWN' END, 'PERSONAL_CABINET', '2024-01',
              CASE WHEN step = 0 THEN timestamptz '2020-01-15' ELSE $1::timestamptz + (step - 1) * interval '14 days' + (row_number() OVER ()) % 600 * interval '1 minute' END,
              'test'
       FROM consent c JOIN customer u ON u.id = c.customer_id AND u.email LIKE 'stats%', generate_series(0, 12) step`,
      [startOf(month - 3)],
    );
    await app.dataSource.query(`ANALYZE customer, consent, consent_event, audit_event`);
  });

  // Nothing but the month's partition is in the plan at all: the others are pruned when planning, not merely skipped.
  it('reads the audit log of that month only: the other partitions are pruned from the plan', async () => {
    const plan = await statsPlan('audit_event');
    expect(partitionScans(plan, 'audit_event')).toEqual({ [`audit_event_before_${label(migrationMonth)}`]: 1 });
  });

  it("reads consent history of that month only, once: the month's grants and withdrawals, no state carried from before", async () => {
    const plan = await statsPlan('consent_event');
    expect(partitionScans(plan, 'consent_event')).toEqual({ [`consent_event_before_${label(migrationMonth)}`]: 1 });
  });
});
