import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { InstanceRegistry, type InstanceInfo } from '@parley/cluster';
import { randomName, spawnService, startNats, until, type SpawnedService, type TestNats } from '@parley/testing';

const root = join(__dirname, '..', '..', '..');
const password = 'correct-horse-battery';

/**
 * The lookup service on a real nats-server, with provisioning (sign-in, the admin API) and a
 * channel server (which owns rooms and announces itself): where sessions go, what rooms resolve
 * to, and that the directory shows a room only to those who may see it.
 */
describe('lookup: session distribution and the room directory', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let registry: InstanceRegistry;
  let provisioning: SpawnedService;
  let channel: SpawnedService;
  let lookup: SpawnedService;
  const namespace = randomName('l');
  const tokens = new Map<string, string>();
  const rooms: Record<string, string> = {};

  const call = async (base: () => string, user: string | undefined, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base()}${path}`, {
      method,
      headers: { ...(user ? { authorization: `Bearer ${tokens.get(user)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { items?: { name: string }[]; error?: { code: string; message: string } } };
  };
  const admin = (method: string, path: string, body?: unknown) => call(() => provisioning.url, 'admin', method, path, body);
  const ask = (user: string | undefined, path: string, method = 'GET') => call(() => lookup.url, user, method, path);
  const signIn = async (user: string) => {
    const response = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
    tokens.set(user, ((await response.json()) as { accessToken: string }).accessToken);
  };
  const announce = (info: Partial<InstanceInfo> & { id: string }) =>
    registry.announce({ url: `http://${info.id}.test`, sessions: 0, rooms: 0, draining: false, startedAt: new Date().toISOString(), ...info });

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: namespace };
    [provisioning, channel, lookup] = await Promise.all([
      spawnService(join(root, 'apps/provisioning/dist/main.js'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: password }),
      spawnService(join(root, 'apps/channel/dist/main.js'), { ...env, PARLEY_INSTANCE_ID: 'channel-real' }),
      spawnService(join(root, 'apps/lookup/dist/main.js'), env),
    ]);
    nc = await connect({ servers: nats.url });
    registry = await InstanceRegistry.open(nc, { namespace });
    await signIn('admin');
    for (const user of ['alice', 'bob']) expect((await admin('POST', '/v1/users', { username: user, password })).status).toBe(201);
    for (const user of ['alice', 'bob']) await signIn(user);
    const engineering = await admin('POST', '/v1/categories', { name: 'Engineering', allowed: [{ kind: 'everyone' }] });
    const backend = await admin('POST', '/v1/categories', { name: 'Backend', parentId: engineering.body['id'], allowed: [{ kind: 'everyone' }] });
    const create = async (name: string, extra: Record<string, unknown> = {}) => {
      const created = await admin('POST', '/v1/rooms', { categoryId: backend.body['id'], name, ...extra });
      expect(created.status).toBe(201);
      rooms[name] = created.body['id'] as string;
    };
    await create('Standup', { description: 'Daily standup of the backend team' });
    await create('Incidents', { privacy: 'closed', members: [{ kind: 'user', name: 'alice' }] });
    await create('Acquisition', { privacy: 'secret', description: 'project falcon', members: [{ kind: 'user', name: 'alice' }] });
  });

  afterAll(async () => {
    await nc?.close();
    await Promise.all([lookup?.stop(), channel?.stop(), provisioning?.stop()]);
    await nats?.stop();
  });

  it('sends a new session to the least-loaded serving channel server, never a draining one, avoiding the one just lost', async () => {
    await until(async () => (await ask('alice', '/v1/lookup/session')).body['instanceId'] === 'channel-real', 10_000, 'the channel server announced');
    await announce({ id: 'busy', sessions: 500 });
    await announce({ id: 'idle-but-draining', sessions: 0, draining: true });
    for (let i = 0; i < 10; i++) expect((await ask('alice', '/v1/lookup/session')).body).toMatchObject({ instanceId: 'channel-real', url: channel.url });
    expect((await ask('alice', '/v1/lookup/session?exclude=channel-real')).body).toMatchObject({ instanceId: 'busy', url: 'http://busy.test' });
    await registry.withdraw('busy');
    // The only serving server is used even when the client would rather avoid it.
    await until(async () => (await ask('alice', '/v1/lookup/session?exclude=channel-real')).body['instanceId'] === 'channel-real', 5_000, 'busy withdrawn');
    const instances = await ask('admin', '/v1/lookup/instances');
    expect((instances.body as unknown as { id: string }[]).map((i) => i.id).sort()).toEqual(['channel-real', 'idle-but-draining']);
    await registry.withdraw('idle-but-draining');
  });

  it('resolves a room by id, URI or path, naming its owner; hides rooms from those who may not see them', async () => {
    const byId = await ask('alice', `/v1/lookup/rooms/${rooms['Standup']}`);
    expect(byId.body).toMatchObject({ id: rooms['Standup'], uri: `parley://room/${rooms['Standup']}`, categoryPath: ['Engineering', 'Backend'], owner: { instanceId: 'channel-real' } });
    expect((await ask('alice', `/v1/lookup/rooms/${encodeURIComponent(`parley://room/${rooms['Standup']}`)}`)).body['id']).toBe(rooms['Standup']);
    expect((await ask('bob', `/v1/lookup/rooms/${encodeURIComponent('Engineering/Backend/Standup')}`)).body['id']).toBe(rooms['Standup']);
    // A closed room can be found by all (its members post); a secret one only by its members.
    expect((await ask('bob', `/v1/lookup/rooms/${rooms['Incidents']}`)).status).toBe(200);
    expect((await ask('alice', `/v1/lookup/rooms/${rooms['Acquisition']}`)).status).toBe(200);
    const hidden = await ask('bob', `/v1/lookup/rooms/${rooms['Acquisition']}`);
    expect(hidden).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await ask('bob', '/v1/lookup/rooms/no-such-room')).status).toBe(404);
  });

  it('searches the directory by name, description and category, paging, without showing secret rooms to non-members', async () => {
    const names = async (user: string, query: string) => ((await ask(user, `/v1/lookup/rooms${query}`)).body.items ?? []).map((r) => r.name);
    expect(await names('alice', '')).toEqual(['Acquisition', 'Incidents', 'Standup']);
    expect(await names('bob', '')).toEqual(['Incidents', 'Standup']);
    expect(await names('bob', '?q=falcon')).toEqual([]);
    expect(await names('alice', '?q=falcon')).toEqual(['Acquisition']);
    expect(await names('bob', '?q=daily%20BACKEND')).toEqual(['Standup']);
    expect(await names('bob', '?q=engineering')).toEqual(['Incidents', 'Standup']);
    const first = await ask('alice', '/v1/lookup/rooms?limit=2');
    expect(first.body.items!.map((r) => r.name)).toEqual(['Acquisition', 'Incidents']);
    const second = await ask('alice', `/v1/lookup/rooms?limit=2&after=${first.body['next'] as string}`);
    expect(second.body.items!.map((r) => r.name)).toEqual(['Standup']);
    expect(second.body['next']).toBeNull();
  });

  it('answers bad input with typed errors and changes nothing', async () => {
    expect(await ask(undefined, '/v1/lookup/session')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await ask('alice', '/v1/lookup/rooms?limit=0')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect(await ask('alice', '/v1/lookup/rooms?after=not-a-cursor')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect(await ask('alice', '/v1/lookup/rooms?colour=red')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect(await ask('alice', '/v1/lookup/instances')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await ask('alice', '/v1/lookup/instances/channel-real/drain', 'POST')).toMatchObject({ status: 403 });
    expect(await ask('admin', '/v1/lookup/instances/no-such-server/drain', 'POST')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await ask('alice', '/v1/lookup/session')).body['instanceId']).toBe('channel-real');
  });

  it('drains a channel server on an administrator’s request: it leaves the registry and stops cleanly', async () => {
    expect(await ask('admin', '/v1/lookup/instances/channel-real/drain', 'POST')).toMatchObject({ status: 202, body: { draining: true } });
    await until(() => /"msg":"parley-channel stopped"/.test(channel.output()), 20_000, 'the channel server stopped');
    expect(channel.output()).toMatch(/"msg":"drain requested"/);
    await until(async () => (await ask('alice', '/v1/lookup/session')).status === 503, 10_000, 'no channel server left');
    expect((await ask('alice', '/v1/lookup/session')).body.error).toMatchObject({ code: 'UNAVAILABLE' });
  });
});
