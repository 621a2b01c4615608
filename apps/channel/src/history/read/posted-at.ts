/** The message a probe found: its key (a seq or a stream seq) and when it was posted (ISO 8601 UTC). */
export interface Probe {
  key: number;
  postedAt: string;
}

/**
 * The first key in [lo, hi] of a message posted at or after `at` (undefined: none). Keys are the
 * seqs of one room, or the stream seqs of all history: posting times grow with them (a room has
 * one writer at a time, the log one order), so bisecting finds the key in about log2(hi - lo)
 * probes of an index history has anyway, instead of maintaining an index on time for every
 * message. `probe(from, to)` gives the message with the smallest key in [from, to].
 */
export async function firstPostedAtOrAfter(at: string, lo: number, hi: number, probe: (from: number, to: number) => Promise<Probe | undefined>): Promise<number | undefined> {
  let found: number | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const message = await probe(mid, hi);
    if (!message || message.postedAt >= at) {
      // Nothing in [mid, hi] is earlier: the first one, if any, is this message or below mid.
      if (message) found = message.key;
      hi = mid - 1;
    } else {
      lo = message.key + 1;
    }
  }
  return found;
}

/** A timestamp column as ISO 8601 UTC: PostgreSQL and SQL Server give Dates, SQLite the stored string. */
export const instant = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
