import { UnavailableError } from '@parley/contracts';
import { KeyRing } from './key-ring.js';
import { MemoryKeyStore } from './key-store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t0 = Date.parse('2030-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const kids = (ring: KeyRing, ms: number) => ring.jwks(at(ms)).keys.map((k) => k.kid);

describe('KeyRing', () => {
  it('has no signing key until ensureKeys makes the first, which signs at once', async () => {
    const ring = await KeyRing.open(new MemoryKeyStore());
    expect(() => ring.signingKey(at(0))).toThrow(UnavailableError);
    await ring.ensureKeys(at(0));
    const key = ring.signingKey(at(0));
    expect(key.alg).toBe('EdDSA');
    expect(ring.jwks(at(0))).toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: key.kid, alg: 'EdDSA', use: 'sig' }] });
    expect(JSON.stringify(ring.jwks(at(0)))).not.toContain('"d"');
  });

  it('imports each key once: signing reuses the same CryptoKey', async () => {
    const ring = await KeyRing.open(new MemoryKeyStore());
    await ring.ensureKeys(at(0));
    const first = ring.signingKey(at(0)).privateKey;
    await ring.ensureKeys(at(MIN));
    expect(ring.signingKey(at(MIN)).privateKey).toBe(first);
  });

  it('rotates without downtime: publishes the successor first, signs with it later, drops the old key after the last token it signed', async () => {
    const ring = await KeyRing.open(new MemoryKeyStore(), { maxTokenLifetimeMs: HOUR, clockSkewMs: 30_000 });
    await ring.ensureKeys(at(0));
    const a = ring.signingKey(at(0)).kid;

    await ring.ensureKeys(at(24 * HOUR));
    const [, b] = kids(ring, 24 * HOUR);
    expect(kids(ring, 24 * HOUR)).toEqual([a, b]);
    expect(ring.signingKey(at(24 * HOUR + 10 * MIN - 1)).kid).toBe(a);
    expect(ring.signingKey(at(24 * HOUR + 10 * MIN)).kid).toBe(b);

    const retiresAt = 24 * HOUR + 10 * MIN + HOUR + 30_000;
    await ring.ensureKeys(at(retiresAt - 1));
    expect(kids(ring, retiresAt - 1)).toEqual([a, b]);
    expect(await ring.verificationKey(a, at(retiresAt - 1))).toBeDefined();
    expect(kids(ring, retiresAt)).toEqual([b]);
    expect(await ring.verificationKey(a, at(retiresAt))).toBeUndefined();
    await ring.ensureKeys(at(retiresAt));
    expect(kids(ring, retiresAt)).toEqual([b]);
  });

  it('lets instances racing on one store agree on a single ring', async () => {
    const store = new MemoryKeyStore();
    const rings = await Promise.all([1, 2, 3].map(() => KeyRing.open(store)));
    await Promise.all(rings.map((ring) => ring.ensureKeys(at(0))));
    expect(new Set(rings.map((ring) => ring.signingKey(at(0)).kid)).size).toBe(1);
    await Promise.all(rings.map((ring) => ring.ensureKeys(at(25 * HOUR))));
    expect((await store.load())!.keys).toHaveLength(2);
    expect(new Set(rings.map((ring) => kids(ring, 25 * HOUR).join()))).toEqual(new Set([kids(rings[0]!, 25 * HOUR).join()]));
  });

  it('learns keys another instance made when a token names one, at most once per cooldown', async () => {
    const store = new MemoryKeyStore();
    const verifier = await KeyRing.open(store, { reloadCooldownMs: 100 });
    const issuer = await KeyRing.open(store);
    const load = jest.spyOn(store, 'load');
    expect(await verifier.verificationKey('unknown', at(0))).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    await issuer.ensureKeys(at(0));
    const kid = issuer.signingKey(at(0)).kid;
    load.mockClear();
    expect(await verifier.verificationKey(kid, at(0))).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await verifier.verificationKey(kid, at(0))).toBeDefined();
    expect(await verifier.verificationKey(kid, at(0))).toBeDefined();
    expect(load).toHaveBeenCalledTimes(1);
    expect(await verifier.verificationKey(undefined, at(0))).toBeUndefined();
  });
});
