import pino from 'pino';
import type { Logger } from '../../src/logger';

/** The sequencer's logger: warnings and errors only, on stderr, which carries the benchmark's progress (stdout carries the report). */
export function benchLogger(): Logger {
  return pino({ level: 'warn', base: undefined }, pino.destination(2));
}
