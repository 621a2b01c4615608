import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { InternalError, Subjects } from '@parley/contracts';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { KeyRing } from './key-ring.js';
import { KvKeyStore } from './kv-key-store.js';

const HOUR = 60 * 60_000;
const t0 = Date.parse('2030-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0 + ms);

describe('the signing key ring in NATS KV', () => {
  let nats: TestNats;
  const connections: NatsConnection[] = [];
  const open = async () => {
    const nc = await connect({ servers: nats.url });
    connections.push(nc);
    return nc;
  };

  beforeAll(async () => (nats = await startNats()));
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('stores the ring as one value in the namespaced signing_keys bucket', async () => {
    const namespace = randomName('ns');
    const nc = await open();
    const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace }));
    await ring.ensureKeys(at(0));
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('signing_keys'));
    const stored = (await kv.get('ring'))!.json<{ keys: { kid: string }[] }>();
    expect(stored.keys.map((k) => k.kid)).toEqual([ring.signingKey(at(0)).kid]);
  });

  it('never forks the ring when instances on separate connections rotate at once', async () => {
    const namespace = randomName('ns');
    const rings = await Promise.all(
      Array.from({ length: 4 }, async () => KeyRing.open(await KvKeyStore.open(await open(), { namespace }))),
    );
    await Promise.all(rings.map((ring) => ring.ensureKeys(at(0))));
    expect(new Set(rings.map((ring) => ring.signingKey(at(0)).kid)).size).toBe(1);

    await Promise.all(rings.map((ring) => ring.ensureKeys(at(24 * HOUR))));
    const jwks = rings.map((ring) => JSON.stringify(ring.jwks(at(24 * HOUR))));
    expect(new Set(jwks).size).toBe(1);
    expect(JSON.parse(jwks[0]!).keys).toHaveLength(2);
    const stored = await (await KvKeyStore.open(await open(), { namespace })).load();
    expect(stored!.keys).toHaveLength(2);
  });

  it('lets a verifying instance learn a key made elsewhere from the store', async () => {
    const namespace = randomName('ns');
    const verifier = await KeyRing.open(await KvKeyStore.open(await open(), { namespace }));
    const issuer = await KeyRing.open(await KvKeyStore.open(await open(), { namespace }));
    await issuer.ensureKeys(at(0));
    const kid = issuer.signingKey(at(0)).kid;
    expect(await verifier.verificationKey(kid, at(0))).toBeDefined();
  });

  it('refuses a stored ring that does not match its schema', async () => {
    const namespace = randomName('ns');
    const nc = await open();
    const store = await KvKeyStore.open(nc, { namespace });
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('signing_keys'));
    await kv.put('ring', JSON.stringify({ keys: [{ kid: 'k', alg: 'HS256' }] }));
    await expect(store.load()).rejects.toBeInstanceOf(InternalError);
  });
});
