import type { SigningKeyRecord } from './signing-key.js';

/** When keys are replaced and dropped; see KeyRingOptions for each field's meaning. */
export interface RotationPolicy {
  rotateAfterMs: number;
  publishLeadMs: number;
  /** How long after a key stops signing its tokens may still be presented (max token lifetime + clock skew). */
  retireAfterMs: number;
}

/** What the ring must become at `now`. */
export interface RotationPlan {
  /** The keys to keep, retired ones dropped and a superseded one given its retiresAt. */
  keys: SigningKeyRecord[];
  /** If set, a new key must be added with these times. */
  add?: { activatesAt: Date; retiresAt?: Date };
  /** False if the stored ring is already what it should be (nothing to write). */
  changed: boolean;
}

const at = (iso: string) => Date.parse(iso);

export function isRetired(key: SigningKeyRecord, now: Date): boolean {
  return key.retiresAt !== undefined && at(key.retiresAt) <= now.getTime();
}

/** The key that signs at `now`: the one that activated last. */
export function activeKey(keys: readonly SigningKeyRecord[], now: Date): SigningKeyRecord | undefined {
  let active: SigningKeyRecord | undefined;
  for (const key of keys) {
    if (at(key.activatesAt) <= now.getTime() && !isRetired(key, now) && (!active || at(key.activatesAt) > at(active.activatesAt))) active = key;
  }
  return active;
}

/**
 * Decides the ring's next state, purely. With no usable key, one is made that signs at once. When
 * the active key has signed for `rotateAfterMs` and no successor is scheduled, a successor is
 * scheduled `publishLeadMs` ahead (verifiers fetch it before it signs anything) and the active key
 * is told to retire once the last token it can sign has expired.
 */
export function planRotation(stored: readonly SigningKeyRecord[], now: Date, policy: RotationPolicy): RotationPlan {
  const keys = stored.filter((key) => !isRetired(key, now));
  const dropped = keys.length !== stored.length;
  const active = activeKey(keys, now);
  if (!active) {
    // Only a clock that went backwards leaves scheduled keys without an active one: the stopgap
    // key retires like any key superseded by the first of them.
    const next = Math.min(...keys.map((key) => at(key.activatesAt)));
    const add = keys.length ? { activatesAt: now, retiresAt: new Date(next + policy.retireAfterMs) } : { activatesAt: now };
    return { keys, add, changed: true };
  }
  const successorScheduled = keys.some((key) => at(key.activatesAt) > at(active.activatesAt));
  if (successorScheduled || now.getTime() - at(active.activatesAt) < policy.rotateAfterMs) return { keys, changed: dropped };
  const activatesAt = new Date(now.getTime() + policy.publishLeadMs);
  const retiresAt = new Date(activatesAt.getTime() + policy.retireAfterMs).toISOString();
  return {
    keys: keys.map((key) => (key === active ? { ...key, retiresAt } : key)),
    add: { activatesAt },
    changed: true,
  };
}
