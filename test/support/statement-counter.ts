import type { Logger as TypeOrmLogger } from 'typeorm';

/** Counts the SQL statements the app sends, for tests that guard against N+1 queries. */
export class StatementCounter implements TypeOrmLogger {
  statements: string[] = [];

  logQuery(query: string): void {
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** The statements `work` caused. Meaningful only while nothing else uses the data source. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    const before = this.statements.length;
    await work();
    return this.statements.slice(before);
  }
}
