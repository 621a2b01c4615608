import { ValidationError, fieldIssues } from '@parley/contracts';
import { z } from 'zod';

const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})$/;

/**
 * Where the last read stopped. AD: the server's highestCommittedUSN when the read began, and
 * which server that was (update sequence numbers are per domain controller). OpenLDAP: a
 * modification time from which every later change is sure to be seen again.
 */
const WatermarkSchema = z.union([
  z.strictObject({ usn: z.string().regex(/^\d+$/), server: z.string().min(1) }),
  z.strictObject({ modifyTimestamp: z.string().regex(GENERALIZED_TIME) }),
]);
export type Watermark = z.infer<typeof WatermarkSchema>;

export function encodeWatermark(watermark: Watermark): string {
  return JSON.stringify(watermark);
}

export function parseWatermark(text: string): Watermark {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError('invalid directory watermark: not one this library wrote');
  }
  const result = WatermarkSchema.safeParse(json);
  if (!result.success) throw new ValidationError('invalid directory watermark', fieldIssues(result.error));
  return result.data;
}

/** Milliseconds since the epoch of an LDAP GeneralizedTime (`20240131235959Z`), or undefined. */
export function parseGeneralizedTime(text: string): number | undefined {
  const m = GENERALIZED_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (zone === 'Z') return utc;
  const sign = zone!.startsWith('-') ? -1 : 1;
  const offsetMinutes = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5));
  return utc - sign * offsetMinutes * 60_000;
}

export function formatGeneralizedTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * The next time watermark after a read that lasted `durationMs` and saw modification times up to
 * `newestSeen`. An entry changed during the read, on a page already read, has a time no earlier
 * than the read's start, which is at least `newestSeen - durationMs` on the server's clock (a
 * duration needs no synchronised clocks); one more second covers the times' whole-second grain.
 */
export function nextTimeWatermark(newestSeen: number | undefined, durationMs: number, previous = 0): Watermark {
  const candidate = newestSeen === undefined ? 0 : newestSeen - durationMs - 1_000;
  const at = Math.max(previous, Math.floor(candidate / 1_000) * 1_000, 0);
  return { modifyTimestamp: formatGeneralizedTime(at) };
}
