import { activeKey, planRotation, type RotationPolicy } from './rotation.js';
import type { SigningKeyRecord } from './signing-key.js';

const HOUR = 60 * 60_000;
const policy: RotationPolicy = { rotateAfterMs: 24 * HOUR, publishLeadMs: 10 * 60_000, retireAfterMs: HOUR + 30_000 };
const t0 = Date.parse('2030-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const key = (kid: string, activatesMs: number, retiresMs?: number): SigningKeyRecord => ({
  kid,
  alg: 'EdDSA',
  privateJwk: { kty: 'OKP', crv: 'Ed25519', x: 'x', d: 'd' },
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'x' },
  createdAt: at(activatesMs).toISOString(),
  activatesAt: at(activatesMs).toISOString(),
  ...(retiresMs !== undefined && { retiresAt: at(retiresMs).toISOString() }),
});

describe('planRotation', () => {
  it('asks for a first key that signs at once', () => {
    expect(planRotation([], at(0), policy)).toEqual({ keys: [], add: { activatesAt: at(0) }, changed: true });
  });

  it('leaves a young ring alone', () => {
    const keys = [key('a', 0)];
    expect(planRotation(keys, at(24 * HOUR - 1), policy)).toEqual({ keys, changed: false });
  });

  it('schedules a successor publishLeadMs ahead once the active key is old, and dates the old key’s retirement', () => {
    const plan = planRotation([key('a', 0)], at(24 * HOUR), policy);
    const successorAt = at(24 * HOUR + 10 * 60_000);
    expect(plan.add).toEqual({ activatesAt: successorAt });
    expect(plan.keys).toEqual([key('a', 0, 24 * HOUR + 10 * 60_000 + HOUR + 30_000)]);
    expect(plan.changed).toBe(true);
  });

  it('does not schedule a second successor while one is pending', () => {
    const keys = [key('a', 0, 26 * HOUR), key('b', 24 * HOUR + 10 * 60_000)];
    expect(planRotation(keys, at(24 * HOUR + 5 * 60_000), policy)).toEqual({ keys, changed: false });
    expect(activeKey(keys, at(24 * HOUR + 5 * 60_000))?.kid).toBe('a');
    expect(activeKey(keys, at(24 * HOUR + 10 * 60_000))?.kid).toBe('b');
  });

  it('drops a key once it retires, and only then', () => {
    const keys = [key('a', 0, 26 * HOUR), key('b', 25 * HOUR)];
    expect(planRotation(keys, at(26 * HOUR - 1), policy)).toEqual({ keys, changed: false });
    expect(planRotation(keys, at(26 * HOUR), policy)).toEqual({ keys: [keys[1]], changed: true });
  });

  it('after a clock went backwards, makes a stopgap key that retires like one superseded by the scheduled key', () => {
    const plan = planRotation([key('b', 2 * HOUR)], at(0), policy);
    expect(plan.add).toEqual({ activatesAt: at(0), retiresAt: at(2 * HOUR + HOUR + 30_000) });
  });
});
