/** Numbered parameters for one hand-written statement: `add` returns the placeholder of its value. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
