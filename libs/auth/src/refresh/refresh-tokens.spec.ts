import { UnauthorizedError, ValidationError } from '@parley/contracts';
import { MemoryRefreshTokenStore } from './refresh-store.js';
import { RefreshTokens } from './refresh-tokens.js';

const HOUR = 60 * 60_000;
let now = new Date('2030-01-01T00:00:00Z');
const later = (ms: number) => (now = new Date(now.getTime() + ms));

describe('RefreshTokens', () => {
  let store: MemoryRefreshTokenStore;
  let tokens: RefreshTokens;

  beforeEach(() => {
    now = new Date('2030-01-01T00:00:00Z');
    store = new MemoryRefreshTokenStore();
    tokens = new RefreshTokens(store, { now: () => now });
  });

  const refused = async (token: string, message: RegExp) => {
    const error = await tokens.rotate(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(message);
  };

  it('issues opaque <id>.<secret> tokens and stores only a hash of the secret', async () => {
    const grant = await tokens.issue('alice', 'session-1');
    expect(grant).toEqual({ token: expect.stringMatching(/^[\w-]{22}\.[\w-]{43}$/), userId: 'alice', sid: 'session-1', expiresAt: new Date(now.getTime() + 12 * HOUR) });
    const [id, secret] = grant.token.split('.');
    const stored = await store.get(id!);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored!.record.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rotates a token into a successor of the same session, each one usable once', async () => {
    const first = await tokens.issue('alice', 'session-1');
    later(HOUR);
    const second = await tokens.rotate(first.token);
    expect(second).toMatchObject({ userId: 'alice', sid: 'session-1', expiresAt: new Date(now.getTime() + 12 * HOUR) });
    expect(second.token).not.toBe(first.token);
    const third = await tokens.rotate(second.token);
    expect(third.userId).toBe('alice');
  });

  it('treats reuse of a used token as theft: refuses it and revokes the whole family', async () => {
    const first = await tokens.issue('alice', 'session-1');
    const second = await tokens.rotate(first.token);
    await refused(first.token, /already used.*revoked/);
    await refused(second.token, /revoked/);
    const elsewhere = await tokens.issue('alice', 'session-2');
    await expect(tokens.rotate(elsewhere.token)).resolves.toMatchObject({ sid: 'session-2' });
  });

  it('lets only one of two simultaneous exchanges of one token win, and then revokes the family', async () => {
    const first = await tokens.issue('alice', 'session-1');
    const results = await Promise.allSettled([tokens.rotate(first.token), tokens.rotate(first.token)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ token: string }>;
    await refused(winner.value.token, /revoked/);
  });

  it('refuses malformed, unknown and wrongly completed tokens without revoking anything', async () => {
    const grant = await tokens.issue('alice', 'session-1');
    const [id] = grant.token.split('.');
    await refused('', /malformed/);
    await refused('not-a-token', /malformed/);
    await refused(`${id}.${'A'.repeat(43)}`, /not known/);
    await refused(`${'B'.repeat(22)}.${'A'.repeat(43)}`, /not known/);
    await expect(tokens.rotate(grant.token)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('refuses an expired token', async () => {
    const grant = await tokens.issue('alice', 'session-1');
    later(12 * HOUR);
    await refused(grant.token, /expired/);
  });

  it('revokes one session on sign-out, leaving the user’s other sessions alone', async () => {
    const one = await tokens.issue('alice', 'session-1');
    const two = await tokens.issue('alice', 'session-2');
    await tokens.revokeSession('session-1');
    await refused(one.token, /revoked/);
    await expect(tokens.rotate(two.token)).resolves.toMatchObject({ sid: 'session-2' });
  });

  it('revokes every session of a user, but not the sessions started afterwards', async () => {
    const one = await tokens.issue('alice', 'session-1');
    const rotated = await tokens.rotate((await tokens.issue('alice', 'session-2')).token);
    const bob = await tokens.issue('bob', 'session-3');
    later(1);
    await tokens.revokeUser('alice');
    await refused(one.token, /revoked/);
    await refused(rotated.token, /revoked/);
    await expect(tokens.rotate(bob.token)).resolves.toMatchObject({ userId: 'bob' });
    later(1);
    const fresh = await tokens.issue('alice', 'session-4');
    await expect(tokens.rotate(fresh.token)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('refuses owners that are not ids with a ValidationError', async () => {
    await expect(tokens.issue('alice.smith', 'session-1')).rejects.toMatchObject({ issues: [{ path: 'userId' }] });
    await expect(tokens.issue('alice', '')).rejects.toBeInstanceOf(ValidationError);
    await expect(tokens.revokeUser('a>b')).rejects.toBeInstanceOf(ValidationError);
    await expect(tokens.revokeSession('*')).rejects.toBeInstanceOf(ValidationError);
  });
});
