import { z } from 'zod';

/** Recent sign-in failures of one account or one address, as stored. Times are ISO 8601. */
export const FailureCounterSchema = z.strictObject({
  /** Failures since the counter last started afresh. */
  failures: z.number().int().nonnegative(),
  lastFailureAt: z.iso.datetime(),
  /** Accounts only: no sign-in is attempted before this time. */
  lockedUntil: z.iso.datetime().optional(),
});
export type FailureCounter = z.infer<typeof FailureCounterSchema>;

/** Thresholds and delays; see SignInThrottleOptions for each field's meaning. */
export interface ThrottlePolicy {
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  lockoutFailures: number;
  lockoutMs: number;
}

const at = (iso: string) => Date.parse(iso);

/** Failures that still count at `now`: none once a whole window has passed since the last one. */
function counted(counter: FailureCounter | undefined, now: Date, policy: ThrottlePolicy): number {
  return counter && now.getTime() - at(counter.lastFailureAt) < policy.windowMs ? counter.failures : 0;
}

/** Until when the account is locked, if it is at `now`. */
export function lockedUntil(counter: FailureCounter | undefined, now: Date): Date | undefined {
  return counter?.lockedUntil && at(counter.lockedUntil) > now.getTime() ? new Date(counter.lockedUntil) : undefined;
}

/**
 * Milliseconds to wait before the next attempt: none for the first `freeFailures` failures, then
 * 1 s after the last failure, doubling with each further failure up to `maxDelayMs`.
 */
export function waitMs(counter: FailureCounter | undefined, now: Date, freeFailures: number, policy: ThrottlePolicy): number {
  const failures = counted(counter, now, policy);
  if (!counter || failures < freeFailures) return 0;
  const delay = Math.min(policy.baseDelayMs * 2 ** (failures - freeFailures), policy.maxDelayMs);
  return Math.max(0, at(counter.lastFailureAt) + delay - now.getTime());
}

/** The counter after one more failure; a lockable counter reaching `lockoutFailures` locks and starts afresh. */
export function afterFailure(counter: FailureCounter | undefined, now: Date, policy: ThrottlePolicy, lockable: boolean): FailureCounter {
  const failures = counted(counter, now, policy) + 1;
  const lastFailureAt = now.toISOString();
  if (lockable && failures >= policy.lockoutFailures) {
    return { failures: 0, lastFailureAt, lockedUntil: new Date(now.getTime() + policy.lockoutMs).toISOString() };
  }
  const locked = lockedUntil(counter, now);
  return locked ? { failures, lastFailureAt, lockedUntil: locked.toISOString() } : { failures, lastFailureAt };
}
