import type { Logger as TypeOrmLogger } from 'typeorm';

/** Counts the SQL statements the app sends, for tests that guard against N+1 queries. */
export class StatementCounter implements TypeOrmLogger {
  statements: string[] = [];
  /** The parameters of each statement, by the statement's index in `statements`. */
  parameters: unknown[][] = [];

  logQuery(query: string, parameters?: unknown[]): void {
    this.statements.push(query);
    this.parameters.push(parameters ?? []);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** The statements `work` caused. Meaningful only while nothing else uses the data source. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    return (await this.withParameters(work)).map(({ sql }) => sql);
  }

  /** The statements `work` caused, each with its parameters. */
  async withParameters(work: () => Promise<unknown>): Promise<Array<{ sql: string; parameters: unknown[] }>> {
    const before = this.statements.length;
    await work();
    return this.statements.slice(before).map((sql, index) => ({ sql, parameters: this.parameters[before + index] }));
  }
}
