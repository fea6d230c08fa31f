/** Progress goes to stderr, so that stdout carries the report alone. */
export const log = (message: string): void => console.error(`[bench] ${message}`);
