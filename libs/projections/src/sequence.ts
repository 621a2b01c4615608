import { InternalError } from '@parley/contracts';

/**
 * Sequence numbers (stream sequences, aggregate seqs) are stored as 64-bit `bigint` columns and
 * handled in JavaScript as plain numbers, which are exact up to 2^53 - 1 (Number.MAX_SAFE_INTEGER):
 * a log would need nine quadrillion events to get there. Drivers hand bigint back differently
 * (pg and mssql as strings, better-sqlite3 as numbers), so every read goes through here, which
 * refuses a value a number cannot hold rather than rounding it silently.
 */
export function toStreamSeq(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InternalError(`sequence value ${String(value)} is not an integer between 0 and 2^53 - 1`);
  }
  return n;
}
