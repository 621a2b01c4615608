import { randomFillSync } from 'node:crypto';
import { z } from 'zod';

const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;

function random10(): Uint8Array {
  // Drawing random bytes in blocks keeps id generation off the hot path's profile.
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness, so ids sort by creation time.
 * `nowMs` is a parameter so pure code can pass its clock in.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  const r = random10();
  const b = new Uint8Array(16);
  let t = nowMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = 0x70 | (r[0]! & 0x0f);
  b[7] = r[1]!;
  b[8] = 0x80 | (r[2]! & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = r[i - 6]!;
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += hex[b[i]!]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

/**
 * Ids of aggregates appear as a token in NATS subjects (`chat.room.<id>`), so they are restricted
 * to characters that can never be a subject separator or wildcard.
 */
const AGGREGATE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const AggregateIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(AGGREGATE_ID, 'must contain only letters, digits, "-" and "_"');

/** True if `id` can be an aggregate id (the cheap check for hot paths; the schema says why not). */
export function isAggregateId(id: string): boolean {
  return AGGREGATE_ID.test(id);
}

export const UuidSchema = z.uuid();
