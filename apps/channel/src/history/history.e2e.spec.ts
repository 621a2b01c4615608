import { join } from 'node:path';
import { createTestDatabase, randomName, spawnService, startNats, until, type SpawnedService, type TestDatabase, type TestNats } from '@parley/testing';
import { Client } from 'pg';
import { TestClient } from '../test/ws-client.fixture.js';

const root = join(__dirname, '..', '..', '..', '..');
const CHANNEL = join(root, 'apps/channel/dist/main.js');
const password = 'correct-horse-battery';

/**
 * The built channel service on PostgreSQL: live chat goes on while the history database is down
 * (even when the service starts without it), the history API says it is unavailable meanwhile,
 * and once the database is back the projectors catch up (one of them killed and restarted on the
 * way), with every message once, in order.
 */
describe('history while its database is down', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let provisioning: SpawnedService;
  const channels: SpawnedService[] = [];
  const clients: TestClient[] = [];
  const tokens = new Map<string, string>();
  let env: Record<string, string>;
  let roomId: string;

  const admin = async (statement: string) => {
    const url = new URL(db.url);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const down = async () => {
    await admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
  };
  const up = () => admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
  const call = async (base: string, method: string, path: string, as: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(as)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const history = (channel: SpawnedService, as = 'alice') => call(channel.url, 'GET', `/v1/rooms/${roomId}/history?limit=200`, as);
  const texts = (page: Record<string, unknown>) => (page['messages'] as { text: string }[]).map((m) => m.text);
  /** The texts of a room's history, or none while the server answers 503. */
  const shown = async (channel: SpawnedService) => {
    const { status, body } = await history(channel);
    return status === 200 ? texts(body) : [];
  };
  const chat = async (channel: SpawnedService, user: string) => {
    const client = await TestClient.connect(channel.url);
    clients.push(client);
    expect(await client.request({ op: 'hello', token: tokens.get(user) })).toMatchObject({ op: 'welcome' });
    expect(await client.request({ op: 'join', room: roomId })).toMatchObject({ op: 'joined' });
    return client;
  };
  const post = async (client: TestClient, text: string) => expect(await client.request({ op: 'post', room: roomId, clientMsgId: text, text })).toMatchObject({ op: 'ack' });

  beforeAll(async () => {
    nats = await startNats();
    db = await createTestDatabase();
    env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('h'), PARLEY_CHANNEL_DB: db.url };
    provisioning = await spawnService(join(root, 'apps/provisioning/dist/main.js'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: password });
    const login = async (username: string) => {
      const response = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      tokens.set(username, ((await response.json()) as { accessToken: string }).accessToken);
    };
    await login('admin');
    for (const user of ['alice', 'bob']) await call(provisioning.url, 'POST', '/v1/users', 'admin', { username: user, password });
    for (const user of ['alice', 'bob']) await login(user);
    channels.push(await spawnService(CHANNEL, env));
    const category = await call(provisioning.url, 'POST', '/v1/categories', 'admin', { name: 'General', allowed: [{ kind: 'everyone' }] });
    roomId = (await call(provisioning.url, 'POST', '/v1/rooms', 'admin', { categoryId: category.body['id'], name: 'Lobby' })).body['id'] as string;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([...channels.map((c) => c.stop()), provisioning?.stop()]);
    await up().catch(() => undefined);
    await db?.drop();
    await nats?.stop();
  });

  it('serves its API reference, with history and search', async () => {
    const doc = (await (await fetch(`${channels[0]!.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/rooms/{id}/history', '/v1/search']));
    expect((await call(channels[0]!.url, 'GET', '/v1/search?q=x', 'nobody')).status).toBe(401);
  });

  it('keeps live chat going while the database is down, then catches up with every message once', async () => {
    const [channel] = channels;
    const alice = await chat(channel!, 'alice');
    const bob = await chat(channel!, 'bob');
    await post(alice, 'before 1');
    await post(alice, 'before 2');
    await until(async () => (await shown(channel!)).length === 2, 20_000, 'history of the first posts');

    await down();
    for (let i = 1; i <= 5; i++) await post(alice, `during ${i}`);
    await until(() => bob.events(roomId).filter((e) => e.type === 'MessagePosted').length === 7, 10_000, 'live delivery while the database is down');
    const unavailable = await history(channel!);
    expect(unavailable).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });

    // A second channel server starting while the database is down serves live chat at once.
    channels.push(await spawnService(CHANNEL, env));
    const newcomer = await chat(channels[1]!, 'bob');
    await post(newcomer, 'from the newcomer');
    expect((await history(channels[1]!)).status).toBe(503);

    await up();
    // The first server is killed while it catches up, and started again: nothing twice, nothing lost.
    await channels[0]!.crash();
    channels[0] = await spawnService(CHANNEL, env);
    const all = ['before 1', 'before 2', ...[1, 2, 3, 4, 5].map((i) => `during ${i}`), 'from the newcomer'];
    for (const server of channels) {
      await until(async () => (await shown(server)).length === all.length, 30_000, 'caught up after the outage');
      const page = (await history(server)).body;
      expect(texts(page)).toEqual(all);
      const seqs = (page['messages'] as { seq: number }[]).map((m) => m.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    const search = await call(channels[1]!.url, 'GET', '/v1/search?q=during', 'bob');
    expect((search.body['items'] as { text: string }[]).map((i) => i.text)).toEqual([5, 4, 3, 2, 1].map((i) => `during ${i}`));
  });
});
