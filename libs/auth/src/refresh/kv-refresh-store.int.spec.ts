import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subjects, UnauthorizedError, UnavailableError } from '@parley/contracts';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { KvRefreshTokenStore } from './kv-refresh-store.js';
import { RefreshTokens } from './refresh-tokens.js';

describe('refresh tokens in NATS KV', () => {
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

  const instance = async (connection: NatsConnection, namespace: string) => new RefreshTokens(await KvRefreshTokenStore.open(connection, { namespace }));

  it('creates the bucket with max_age equal to the refresh lifetime and keeps no secret', async () => {
    const namespace = randomName('ns');
    const tokens = await instance(nc, namespace);
    const grant = await tokens.issue('alice', 'session-1');
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('refresh_tokens'));
    expect((await kv.status()).ttl).toBe(12 * 60 * 60_000);
    const [id, secret] = grant.token.split('.');
    const entry = await kv.get(`token.${id}`);
    expect(entry!.string()).not.toContain(secret);
    const custom = randomName('ns');
    await KvRefreshTokenStore.open(nc, { namespace: custom, maxAgeMs: 60 * 60_000 });
    expect((await (await new Kvm(nc).open(new Subjects(custom).bucket('refresh_tokens'))).status()).ttl).toBe(60 * 60_000);
  });

  it('rotates across instances and detects reuse by revoking the family everywhere', async () => {
    const namespace = randomName('ns');
    const [a, b] = [await instance(nc, namespace), await instance(other, namespace)];
    const first = await a.issue('alice', 'session-1');
    const second = await b.rotate(first.token);
    const third = await a.rotate(second.token);
    await expect(b.rotate(first.token)).rejects.toThrow(/already used/);
    await expect(a.rotate(third.token)).rejects.toThrow(/revoked/);
  });

  it('lets exactly one of two instances exchanging one token at once win', async () => {
    const namespace = randomName('ns');
    const [a, b] = [await instance(nc, namespace), await instance(other, namespace)];
    const first = await a.issue('alice', 'session-1');
    const results = await Promise.allSettled([a.rotate(first.token), b.rotate(first.token)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(UnauthorizedError);
  });

  it('revokes a session and a user', async () => {
    const namespace = randomName('ns');
    const tokens = await instance(nc, namespace);
    const one = await tokens.issue('alice', 'session-1');
    const two = await tokens.issue('alice', 'session-2');
    const bob = await tokens.issue('bob', 'session-3');
    await tokens.revokeSession('session-1');
    await expect(tokens.rotate(one.token)).rejects.toThrow(/revoked/);
    const twoNext = await tokens.rotate(two.token);
    await new Promise((resolve) => setTimeout(resolve, 2));
    await tokens.revokeUser('alice');
    await expect(tokens.rotate(twoNext.token)).rejects.toThrow(/revoked/);
    await expect(tokens.rotate(bob.token)).resolves.toMatchObject({ userId: 'bob' });
  });

  it('answers UnavailableError when NATS is gone, and changes nothing', async () => {
    const namespace = randomName('ns');
    const connection = await connect({ servers: nats.url });
    const tokens = await instance(connection, namespace);
    const grant = await tokens.issue('alice', 'session-1');
    await connection.close();
    await expect(tokens.rotate(grant.token)).rejects.toBeInstanceOf(UnavailableError);
    await expect((await instance(nc, namespace)).rotate(grant.token)).resolves.toMatchObject({ userId: 'alice' });
  });
});
