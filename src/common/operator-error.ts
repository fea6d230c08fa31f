/**
 * A failure the operator fixes outside the code: the configuration, a file, a port, the database. Start-up and the
 * scripts print its message as one line (what is wrong and what to do) and exit non-zero, with no stack unless
 * LOG_LEVEL=debug; anything else is a bug and keeps its stack.
 */
export class OperatorError extends Error {
  override name = 'OperatorError';
}
