import { readExamples } from '../http/example-operations';

/** The label of every operation whose name is not one of the known ones, and of a request with no operation. */
export const OTHER_OPERATION = 'other';

/**
 * The operation names a metric label or a log line may carry: those of `operations/*.graphql`, the documents this
 * repository ships for each role, read once at start. Not the name a caller sends (it is the caller's text, and
 * unbounded), and not the trusted documents' names (registered at run time, so the set would grow while the
 * server runs, and only for restricted partners). A caller may borrow a known name; that mislabels its own
 * operation only, and the set of labels stays the same.
 */
export class OperationNames {
  private constructor(private readonly known: ReadonlySet<string>) {}

  static ofShippedOperations(): OperationNames {
    return new OperationNames(new Set(readExamples().map((operation) => operation.name)));
  }

  label(name: string | undefined): string {
    return name !== undefined && this.known.has(name) ? name : OTHER_OPERATION;
  }
}
