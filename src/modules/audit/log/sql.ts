import type { ClientBase } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

export type Row = Record<string, unknown>;

/** One statement, its rows: the shape shared by the sequencer's own session and the pool's connections. */
export type Sql = <T extends object = Row>(text: string, parameters?: unknown[]) => Promise<T[]>;

export function sqlOfDataSource(dataSource: DataSource): Sql {
  return <T extends object>(text: string, parameters?: unknown[]) => dataSource.query(text, parameters) as Promise<T[]>;
}

export function sqlOfQueryRunner(runner: QueryRunner): Sql {
  return <T extends object>(text: string, parameters?: unknown[]) => runner.query(text, parameters) as Promise<T[]>;
}

export function sqlOfClient(client: ClientBase): Sql {
  return async <T extends object>(text: string, parameters?: unknown[]) => (await client.query<T & Row>(text, parameters)).rows;
}
