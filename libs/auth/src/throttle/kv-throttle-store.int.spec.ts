import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ForbiddenError, RateLimitedError, Subjects } from '@parley/contracts';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { KvThrottleStore } from './kv-throttle-store.js';
import { SignInThrottle } from './sign-in-throttle.js';

describe('sign-in throttling in NATS KV', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let other: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    other = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await other?.close();
    await nats?.stop();
  });

  it('delays, then locks, and lets a success reset the account', async () => {
    const namespace = randomName('ns');
    const throttle = new SignInThrottle(await KvThrottleStore.open(nc, { namespace }));
    for (let i = 0; i < 5; i++) await throttle.recordFailure('alice', '192.0.2.1');
    await expect(throttle.check('alice', '198.51.100.1')).rejects.toMatchObject({ retryAfterSeconds: 1 });
    await expect(throttle.check('bob', '192.0.2.1')).rejects.toBeInstanceOf(RateLimitedError);
    await throttle.recordSuccess('alice');
    await expect(throttle.check('alice', '198.51.100.1')).resolves.toBeUndefined();
    for (let i = 0; i < 10; i++) await throttle.recordFailure('alice', `198.51.100.${i}`);
    await expect(throttle.check('alice', '203.0.113.1')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('counts every failure when instances record them at once (compare-and-set)', async () => {
    const namespace = randomName('ns');
    const stores = [await KvThrottleStore.open(nc, { namespace }), await KvThrottleStore.open(other, { namespace })];
    const throttles = stores.map((store) => new SignInThrottle(store, { lockoutFailures: 1000 }));
    await Promise.all(Array.from({ length: 100 }, (_, i) => throttles[i % 2]!.recordFailure('alice', `192.0.2.${i}`)));
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('signin_throttle'));
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    const account = keys.filter((key) => key.startsWith('account.'));
    expect(account).toHaveLength(1);
    expect((await kv.get(account[0]!))!.json<{ failures: number }>().failures).toBe(100);
  });

  it('keeps account names and addresses out of keys, with max_age covering window and lock-out', async () => {
    const namespace = randomName('ns');
    const throttle = new SignInThrottle(await KvThrottleStore.open(nc, { namespace }));
    await throttle.recordFailure('Alice.Smith', '192.0.2.77');
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('signin_throttle'));
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    expect(keys.sort()).toEqual([expect.stringMatching(/^account\.[0-9a-f]{64}$/), expect.stringMatching(/^address\.[0-9a-f]{64}$/)]);
    expect(keys.join()).not.toMatch(/alice|192/i);
    expect((await kv.status()).ttl).toBe(15 * 60_000);
  });
});
