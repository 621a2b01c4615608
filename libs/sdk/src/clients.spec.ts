import { ConflictError, InternalError, UnavailableError, ValidationError } from '@parley/contracts';
import { fakeServer, tokens, type SeenRequest } from './fake-server.fixture.js';
import { ParleyClient } from './parley-client.js';

const lobby = { id: 'r-1', uri: 'parley://room/r-1', categoryId: 'c-1', name: 'Lobby', description: '', privacy: 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [], managers: [], presenters: [], disabled: false };
const alice = { id: 'dir-1', username: 'alice', displayName: 'Alice', email: '', source: 'directory', enabled: true, dn: 'uid=alice', roles: [] };

async function signedIn(route: (r: SeenRequest) => { status: number; body?: unknown }) {
  const server = fakeServer((r) => (r.path === '/v1/auth/login' ? { status: 200, body: tokens(1) } : route(r)));
  const client = new ParleyClient({ server: 'http://parley.test', fetch: server.fetch });
  await client.session.login('admin', 'pw');
  return { client, seen: server.seen };
}

describe('the typed clients', () => {
  it('send the API’s query strings and bodies, and escape ids in paths', async () => {
    const { client, seen } = await signedIn((r) => (r.path === '/v1/users' ? { status: 200, body: { items: [alice], next: null } } : r.method === 'PUT' ? { status: 200, body: [] } : { status: 204 }));
    expect(await client.users.list({ q: 'ali', enabled: false, limit: 5 })).toEqual({ items: [alice], next: null });
    await client.categories.remove('a/b');
    await client.policies.set({ kind: 'group', name: 'legal' }, false);
    expect(seen.slice(1).map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: 'GET', path: '/v1/users', query: { q: 'ali', enabled: 'false', limit: '5' }, body: undefined },
      { method: 'DELETE', path: '/v1/categories/a%2Fb', query: {}, body: undefined },
      { method: 'PUT', path: '/v1/policies', query: {}, body: { target: { kind: 'group', name: 'legal' }, persistentChatEnabled: false } },
    ]);
  });

  it('send room requests to the rooms API, and ask where the channel is without a token', async () => {
    const { client, seen } = await signedIn((r) =>
      r.path === '/v1/endpoints' ? { status: 200, body: { channel: 'http://channel.test' } } : r.path === '/v1/rooms' && r.method === 'GET' ? { status: 200, body: [] } : r.method === 'DELETE' ? { status: 204 } : { status: 200, body: lobby },
    );
    expect(await client.rooms.list({ categoryId: 'c-1', q: 'lob' })).toEqual([]);
    expect(await client.rooms.update('r-1', { name: 'Lobby', members: { add: [{ kind: 'user', name: 'bob' }] } })).toEqual(lobby);
    await client.rooms.disable('r-1');
    await client.rooms.remove('r-1');
    expect(await client.endpoints()).toEqual({ channel: 'http://channel.test' });
    expect(seen.slice(1).map(({ method, path, query, body, authorization }) => ({ method, path, query, body, authorization }))).toEqual([
      { method: 'GET', path: '/v1/rooms', query: { categoryId: 'c-1', q: 'lob' }, body: undefined, authorization: 'Bearer access-1' },
      { method: 'PATCH', path: '/v1/rooms/r-1', query: {}, body: { name: 'Lobby', members: { add: [{ kind: 'user', name: 'bob' }] } }, authorization: 'Bearer access-1' },
      { method: 'POST', path: '/v1/rooms/r-1/disable', query: {}, body: {}, authorization: 'Bearer access-1' },
      { method: 'DELETE', path: '/v1/rooms/r-1', query: {}, body: undefined, authorization: 'Bearer access-1' },
      { method: 'GET', path: '/v1/endpoints', query: {}, body: undefined, authorization: undefined },
    ]);
  });

  it('refuse a room that does not match the contract, naming the field', async () => {
    const { uri: _uri, ...noUri } = lobby;
    const { client } = await signedIn(() => ({ status: 200, body: noUri }));
    await expect(client.rooms.get('r-1')).rejects.toThrow(/unexpected answer to a room: uri/);
  });

  it('follow pages to the end', async () => {
    const pages: Record<string, unknown> = { '': { items: [alice], next: 'c1' }, c1: { items: [{ ...alice, id: 'dir-2', username: 'bob' }], next: null } };
    const { client, seen } = await signedIn((r) => ({ status: 200, body: pages[r.query['after'] ?? ''] }));
    const names: string[] = [];
    for await (const user of client.users.all({ source: 'directory' })) names.push(user.username);
    expect(names).toEqual(['alice', 'bob']);
    expect(seen.slice(1).map((r) => r.query)).toEqual([{ source: 'directory' }, { source: 'directory', after: 'c1' }]);
  });

  it('turn error bodies into the coded errors, keeping the server’s message and issues', async () => {
    const { client } = await signedIn((r) =>
      r.method === 'POST'
        ? { status: 400, body: { error: { code: 'VALIDATION', message: 'invalid category: name: Too big', issues: [{ path: 'name', message: 'Too big' }] } } }
        : { status: 409, body: { error: { code: 'CONFLICT', message: 'a category named "X" already exists at the top level' } } },
    );
    const invalid = await client.categories.create({ name: 'x' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toMatchObject({ message: 'invalid category: name: Too big', issues: [{ path: 'name', message: 'Too big' }] });
    await expect(client.categories.update('c1', { name: 'X' })).rejects.toThrow(new ConflictError('a category named "X" already exists at the top level'));
  });

  it('refuse an answer that does not match the contract, naming the field', async () => {
    const { client } = await signedIn(() => ({ status: 200, body: { backchatSize: 'thirty', maxFileSizeKb: 1, participantUpdateLimit: 1, roomManagementUrl: '' } }));
    await expect(client.config.get()).rejects.toThrow(InternalError);
    await expect(client.config.get()).rejects.toThrow(/the server settings: backchatSize/);
  });

  it('report an unreachable server as unavailable, naming it', async () => {
    const client = new ParleyClient({ server: 'http://parley.test', fetch: () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })) });
    const error = await client.session.login('admin', 'pw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toBe('cannot reach http://parley.test (ECONNREFUSED)');
  });
});
