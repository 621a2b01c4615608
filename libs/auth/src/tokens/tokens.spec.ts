import { ValidationError } from '@parley/contracts';
import { SignJWT, type JWTPayload } from 'jose';
import { InvalidTokenError, type TokenRejection } from '../errors.js';
import { KeyRing } from '../keys/key-ring.js';
import { MemoryKeyStore } from '../keys/key-store.js';
import type { AccessClaims, TokenSubject } from './claims.js';
import { TokenIssuer } from './token-issuer.js';
import { TokenVerifier } from './token-verifier.js';

const ISSUER = 'https://chat.example.com';
const alice: TokenSubject = { sub: 'alice', name: 'Alice Liddell', roles: ['administrator'], sid: 'session-1' };
let now = new Date('2030-01-01T00:00:00Z');
const clock = () => now;
const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

async function rejection(promise: Promise<unknown>): Promise<TokenRejection> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
}

describe('access tokens signed and verified with the local key ring', () => {
  let ring: KeyRing;
  let issuer: TokenIssuer;
  let verifier: TokenVerifier;
  const revoked = new Set<string>();

  /** Signs arbitrary claims with the ring's active key, as only a forger holding it could. */
  const forge = async (claims: JWTPayload, header: Record<string, string> = {}) => {
    const key = ring.signingKey(now);
    const iat = Math.floor(now.getTime() / 1000);
    const base = { ...alice, iss: ISSUER, aud: 'parley', iat, nbf: iat, exp: iat + 600, jti: 'j1' };
    return new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
  };

  beforeEach(async () => {
    now = new Date('2030-01-01T00:00:00Z');
    ring = await KeyRing.open(new MemoryKeyStore());
    await ring.ensureKeys(now);
    issuer = new TokenIssuer(ring, { issuer: ISSUER, now: clock });
    verifier = TokenVerifier.local(ring, { issuer: ISSUER, now: clock, isRevoked: (claims) => revoked.has(claims.sid) });
    revoked.clear();
  });

  it('issues a compact EdDSA JWT naming its key, whose claims verify exactly', async () => {
    const token = await issuer.issue(alice);
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'EdDSA', kid: ring.signingKey(now).kid, typ: 'JWT' });
    const iat = Math.floor(now.getTime() / 1000);
    expect(await verifier.verify(token)).toEqual<AccessClaims>({
      ...alice,
      iss: ISSUER,
      aud: 'parley',
      iat,
      nbf: iat,
      exp: iat + 600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('refuses a bad subject or lifetime with a ValidationError naming the field', async () => {
    const bad = (subject: unknown, ttlSeconds?: number) => issuer.issue(subject as TokenSubject, ttlSeconds === undefined ? {} : { ttlSeconds });
    await expect(bad({ ...alice, roles: ['emperor'] })).rejects.toMatchObject({ issues: [{ path: 'roles.0' }] });
    await expect(bad({ ...alice, sub: 'a.b' })).rejects.toMatchObject({ issues: [{ path: 'sub' }] });
    await expect(bad({ ...alice, admin: true })).rejects.toBeInstanceOf(ValidationError);
    await expect(bad(alice, 0)).rejects.toMatchObject({ issues: [{ path: 'ttlSeconds' }] });
    await expect(bad(alice, 3601)).rejects.toMatchObject({ issues: [{ path: 'ttlSeconds' }] });
    await expect(bad(alice, 1.5)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses malformed tokens', async () => {
    for (const token of ['', 'abc', 'a.b.c', 'x'.repeat(9000), `${(await issuer.issue(alice)).slice(0, -1)}.extra`]) {
      expect(await rejection(verifier.verify(token))).toBe('malformed');
    }
    expect(await rejection(verifier.verify(undefined as unknown as string))).toBe('malformed');
  });

  it('refuses a token whose payload or signature was tampered with', async () => {
    const [header, payload, signature] = (await issuer.issue(alice)).split('.');
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'mallory' })).toString('base64url');
    expect(await rejection(verifier.verify(`${header}.${elevated}.${signature}`))).toBe('bad-signature');
    const flipped = `${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`;
    expect(await rejection(verifier.verify(`${header}.${payload}.${flipped}`))).toBe('bad-signature');
  });

  it('refuses a token signed by a key the ring does not hold', async () => {
    const stranger = await KeyRing.open(new MemoryKeyStore());
    await stranger.ensureKeys(now);
    const token = await new TokenIssuer(stranger, { issuer: ISSUER, now: clock }).issue(alice);
    expect(await rejection(verifier.verify(token))).toBe('unknown-key');
    expect(await rejection(verifier.verify(await forge({}, { kid: 'missing' })))).toBe('unknown-key');
  });

  it('refuses unsigned tokens and other algorithms', async () => {
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${(await issuer.issue(alice)).split('.')[1]}.`;
    expect(await rejection(verifier.verify(unsigned))).toBe('malformed');
    const hmac = await new SignJWT({ ...alice }).setProtectedHeader({ alg: 'HS256', kid: ring.signingKey(now).kid }).sign(new Uint8Array(32));
    expect(await rejection(verifier.verify(hmac))).toBe('malformed');
  });

  it('honours exp and nbf with 30 s of clock skew', async () => {
    const token = await issuer.issue(alice, { ttlSeconds: 60 });
    later(60 + 29);
    expect(await verifier.verify(token)).toMatchObject({ sub: 'alice' });
    later(1);
    expect(await rejection(verifier.verify(token))).toBe('expired');

    const iat = Math.floor(now.getTime() / 1000);
    expect(await verifier.verify(await forge({ nbf: iat + 30 }))).toMatchObject({ sub: 'alice' });
    expect(await rejection(verifier.verify(await forge({ nbf: iat + 31 })))).toBe('not-yet-valid');
  });

  it('refuses a token for another issuer or audience', async () => {
    expect(await rejection(verifier.verify(await forge({ iss: 'https://evil.example.com' })))).toBe('wrong-issuer');
    expect(await rejection(verifier.verify(await forge({ aud: 'files' })))).toBe('wrong-audience');
    const other = TokenVerifier.local(ring, { issuer: ISSUER, audience: 'admin-console', now: clock });
    expect(await rejection(other.verify(await issuer.issue(alice)))).toBe('wrong-audience');
  });

  it('refuses claims that do not match the schema exactly', async () => {
    expect(await rejection(verifier.verify(await forge({ admin: true })))).toBe('malformed');
    expect(await rejection(verifier.verify(await forge({ roles: ['emperor'] })))).toBe('malformed');
    expect(await rejection(verifier.verify(await forge({ exp: undefined })))).toBe('malformed');
    expect(await rejection(verifier.verify(await forge({}, { typ: 'at+jwt' })))).toBe('malformed');
  });

  it('refuses a still-valid token at once when the revocation hook says so', async () => {
    const token = await issuer.issue(alice);
    await verifier.verify(token);
    revoked.add('session-1');
    expect(await rejection(verifier.verify(token))).toBe('revoked');
  });

  it('keeps verifying tokens of the previous key across a rotation', async () => {
    later(24 * 3600);
    await ring.ensureKeys(now);
    later(9 * 60);
    const before = await issuer.issue(alice);
    later(60);
    const after = await issuer.issue(alice);
    expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
    await expect(verifier.verify(before)).resolves.toMatchObject({ sub: 'alice' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('signs fast: a thousand tokens well under a second or two', async () => {
    const started = performance.now();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => issuer.issue(alice)));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(new Set(tokens).size).toBe(1000);
  });
});
