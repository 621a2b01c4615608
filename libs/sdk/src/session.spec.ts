import { UnauthorizedError } from '@parley/contracts';
import { fakeServer, tokens, type Route } from './fake-server.fixture.js';
import { ParleyClient } from './parley-client.js';
import { MemoryTokenStore } from './token-store.js';

const me = { id: 'u1', username: 'admin', displayName: 'Administrator', email: '', source: 'local', enabled: true, dn: null, roles: ['administrator'], groups: [], persistentChatEnabled: true };

/** A server whose current access token is `access-<issued>`; each refresh issues the next. */
function server(options: { refreshFails?: string } = {}) {
  let issued = 0;
  const route: Route = (r) => {
    if (r.path === '/v1/auth/login') return (r.body as { password: string }).password === 'right' ? { status: 200, body: tokens(++issued) } : { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'invalid user name or password' } } };
    if (r.path === '/v1/auth/refresh') {
      if (options.refreshFails || (r.body as { refreshToken: string }).refreshToken !== `refresh-${issued}`) {
        return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: options.refreshFails ?? 'refresh token is not known' } } };
      }
      return { status: 200, body: tokens(++issued) };
    }
    if (r.authorization !== `Bearer access-${issued}`) return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'access token is not valid' } } };
    if (r.path === '/v1/auth/logout') return { status: 204 };
    return { status: 200, body: me };
  };
  return fakeServer(route);
}

describe('a session', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('signs in, keeping tokens but never the password, and sends the access token', async () => {
    const { fetch, seen } = server();
    const store = new MemoryTokenStore();
    const client = new ParleyClient({ server: 'http://parley.test/', tokens: store, fetch, now: clock });
    expect(await client.session.login('admin', 'right')).toMatchObject({ username: 'admin' });
    expect(JSON.stringify(await store.load())).not.toContain('right');
    expect(await store.load()).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpiresAt: now + 600_000 });
    expect(await client.account.me()).toMatchObject({ username: 'admin' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', path: '/v1/me', authorization: 'Bearer access-1' });
  });

  it('reports a refused sign-in with the server’s message, storing nothing', async () => {
    const store = new MemoryTokenStore();
    const client = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch: server().fetch });
    await expect(client.session.login('admin', 'wrong')).rejects.toThrow(new UnauthorizedError('invalid user name or password'));
    expect(await store.load()).toBeUndefined();
  });

  it('refreshes an access token about to expire before using it', async () => {
    const { fetch, seen } = server();
    const store = new MemoryTokenStore();
    const client = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock });
    await client.session.login('admin', 'right');
    now += 590_000;
    await client.account.me();
    expect(seen.slice(1).map((r) => `${r.path} ${r.authorization ?? ''}`.trim())).toEqual(['/v1/auth/refresh', '/v1/me Bearer access-2']);
    expect(await store.load()).toMatchObject({ refreshToken: 'refresh-2' });
  });

  it('refreshes once and retries when the server refuses the token, for concurrent requests alike', async () => {
    const { fetch, seen } = server();
    const store = new MemoryTokenStore();
    await new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock }).session.login('admin', 'right');
    // The server no longer honours the stored token (say, its key rotated away).
    await store.save({ ...(await store.load())!, accessToken: 'stale' });
    const client = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock });
    await Promise.all([client.account.me(), client.account.me()]);
    expect(seen.filter((r) => r.path === '/v1/auth/refresh')).toHaveLength(1);
    expect(seen.filter((r) => r.path === '/v1/me').map((r) => r.authorization)).toEqual(['Bearer stale', 'Bearer stale', 'Bearer access-2', 'Bearer access-2']);
  });

  it('hands out a new token after a server refused one (a live session’s hello), renewing once for every caller', async () => {
    const { fetch, seen } = server();
    const client = new ParleyClient({ server: 'http://parley.test', fetch, now: clock });
    await client.session.login('admin', 'right');
    const refused = await client.session.accessToken();
    expect(await Promise.all([client.session.accessTokenAfterRefusal(refused), client.session.accessTokenAfterRefusal(refused)])).toEqual(['access-2', 'access-2']);
    expect(seen.filter((r) => r.path === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('takes up tokens another process sharing the store refreshed meanwhile', async () => {
    const { fetch, seen } = server();
    const store = new MemoryTokenStore();
    const first = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock });
    await first.session.login('admin', 'right');
    const second = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock });
    await second.account.me();
    now += 590_000;
    await first.account.me();
    await second.account.me();
    expect(seen.filter((r) => r.path === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('fails with the refresh’s reason when the session has ended', async () => {
    const { fetch } = server({ refreshFails: 'refresh token has been revoked' });
    const client = new ParleyClient({ server: 'http://parley.test', fetch, now: clock });
    await client.session.login('admin', 'right');
    now += 600_000;
    await expect(client.account.me()).rejects.toThrow(new UnauthorizedError('refresh token has been revoked'));
  });

  it('says so when not signed in', async () => {
    const client = new ParleyClient({ server: 'http://parley.test', fetch: server().fetch });
    await expect(client.account.me()).rejects.toThrow(new UnauthorizedError('not signed in to http://parley.test'));
  });

  it('signs out on the server and forgets the tokens, even when the server had already ended the session', async () => {
    const { fetch, seen } = server({ refreshFails: 'refresh token has expired' });
    const store = new MemoryTokenStore();
    const client = new ParleyClient({ server: 'http://parley.test', tokens: store, fetch, now: clock });
    await client.session.login('admin', 'right');
    await client.session.logout();
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/v1/auth/logout', authorization: 'Bearer access-1' });
    expect(await store.load()).toBeUndefined();

    await client.session.login('admin', 'right');
    now += 3_600_000;
    await client.session.logout();
    expect(await client.session.user()).toBeUndefined();
  });
});
