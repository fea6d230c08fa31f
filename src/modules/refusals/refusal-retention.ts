/**
 * How long a refused read is kept: long enough for a customer to see a partner still asking months after a withdrawal,
 * not for ever (nothing is kept without a purpose, and this log's purpose is the customer's view).
 */
export const DEFAULT_REFUSED_READ_RETENTION_DAYS = 365;
