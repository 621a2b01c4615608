import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { UnavailableError } from '@parley/contracts';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { InvalidTokenError } from '../errors.js';
import { KeyRing } from '../keys/key-ring.js';
import { KvKeyStore } from '../keys/kv-key-store.js';
import type { TokenSubject } from './claims.js';
import { TokenIssuer } from './token-issuer.js';
import { TokenVerifier } from './token-verifier.js';

const ISSUER = 'https://chat.example.com';
const alice: TokenSubject = { sub: 'alice', name: 'Alice', roles: [], sid: 's1' };

/** The issuing side as a provisioning instance runs it: a ring in NATS KV and a JWKS endpoint on loopback. */
async function startIssuer(nc: NatsConnection, clock: () => Date) {
  const ring = await KeyRing.open(await KvKeyStore.open(nc, { namespace: randomName('ns') }));
  await ring.ensureKeys(clock());
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json').end(JSON.stringify(ring.jwks(clock())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ring,
    issuer: new TokenIssuer(ring, { issuer: ISSUER, now: clock }),
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    fetches: () => fetches,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('verifying access tokens against the issuer’s JWKS endpoint', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let now: Date;
  const clock = () => now;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });
  const started: Awaited<ReturnType<typeof startIssuer>>[] = [];
  const issuerSide = async () => {
    const side = await startIssuer(nc, clock);
    started.push(side);
    return side;
  };
  beforeEach(() => (now = new Date()));
  afterEach(async () => {
    await Promise.all(started.splice(0).map((side) => side.stop()));
  });

  it('verifies tokens, fetching the keys once and caching them', async () => {
    const side = await issuerSide();
    const verifier = TokenVerifier.remote(side.jwksUrl, { issuer: ISSUER, now: clock });
    for (let i = 0; i < 5; i++) await expect(verifier.verify(await side.issuer.issue(alice))).resolves.toMatchObject({ sub: 'alice' });
    expect(side.fetches()).toBe(1);
  });

  it('refetches when a token names a key it has not seen, at most once per cooldown', async () => {
    const side = await issuerSide();
    const verifier = TokenVerifier.remote(side.jwksUrl, { issuer: ISSUER, now: clock, cooldownMs: 0 });
    await verifier.verify(await side.issuer.issue(alice));
    now = new Date(now.getTime() + 24 * 3600_000);
    await side.ring.ensureKeys(now);
    now = new Date(now.getTime() + 10 * 60_000);
    const rotated = await side.issuer.issue(alice);
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ sub: 'alice' });
    expect(side.fetches()).toBe(2);

    const stranger = await issuerSide();
    const slow = TokenVerifier.remote(side.jwksUrl, { issuer: ISSUER, now: clock, cooldownMs: 60_000 });
    await slow.verify(rotated);
    const error = await slow.verify(await stranger.issuer.issue(alice)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe('unknown-key');
    expect(side.fetches()).toBe(3);
  });

  it('answers UnavailableError when the JWKS endpoint cannot be reached', async () => {
    const side = await startIssuer(nc, clock);
    await side.stop();
    const verifier = TokenVerifier.remote(side.jwksUrl, { issuer: ISSUER, now: clock, timeoutMs: 1_000 });
    await expect(verifier.verify(await side.issuer.issue(alice))).rejects.toBeInstanceOf(UnavailableError);
  });
});
