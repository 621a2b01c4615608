import { join } from 'node:path';
import { randomName, spawnService, startNats, until, type SpawnedService, type TestNats } from '@parley/testing';
import { TestClient, type Frame } from '../test/ws-client.fixture.js';

const root = join(__dirname, '..', '..', '..', '..');
const password = 'correct-horse-battery';

/**
 * Provisioning and a channel server over a real nats-server: an invitation flow through the REST
 * API, unread and mention counts kept right across two live sessions of one user and after a
 * reconnect, and bad input refused with typed errors.
 */
describe('engagement end to end', () => {
  let nats: TestNats;
  let provisioning: SpawnedService;
  let channel: SpawnedService;
  const tokens = new Map<string, string>();
  const clients: TestClient[] = [];
  let categoryId: string;

  const call = async (base: string, method: string, path: string, as: string, body?: unknown) => {
    const sent = body ?? (method === 'POST' || method === 'PUT' ? {} : undefined);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(as)}`, ...(sent === undefined ? {} : { 'content-type': 'application/json' }) },
      body: sent === undefined ? undefined : JSON.stringify(sent),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { items: Record<string, unknown>[] } };
  };
  const admin = async (method: string, path: string, body?: unknown) => (await call(provisioning.url, method, path, 'admin', body)).body;
  const engagement = (as: string, method: string, path: string, body?: unknown) => call(channel.url, method, `/v1/engagement${path}`, as, body);
  const login = async (username: string) => {
    const response = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    tokens.set(username, ((await response.json()) as { accessToken: string }).accessToken);
  };
  const connect = async (user: string) => {
    const client = await TestClient.connect(channel.url);
    clients.push(client);
    expect(await client.request({ op: 'hello', token: tokens.get(user) })).toMatchObject({ op: 'welcome' });
    return client;
  };
  const unreadIn = (room: string, match: (f: Frame) => boolean) => (f: Frame) => f.op === 'unread' && f['room'] === room && match(f);

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('e') };
    provisioning = await spawnService(join(root, 'apps/provisioning/dist/main.js'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: password });
    channel = await spawnService(join(root, 'apps/channel/dist/main.js'), env);
    await login('admin');
    for (const user of ['alice', 'bob', 'carol']) await admin('POST', '/v1/users', { username: user, password });
    for (const user of ['alice', 'bob', 'carol']) await login(user);
    categoryId = (await admin('POST', '/v1/categories', { name: 'Teams', allowed: [{ kind: 'everyone' }], settings: { invitations: true } }))['id'] as string;
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([channel?.stop(), provisioning?.stop()]);
    await nats?.stop();
  });

  it('invites the members of a new room, who accept (and follow it) or decline', async () => {
    const alice = await connect('alice');
    const room = (await admin('POST', '/v1/rooms', { categoryId, name: 'Launch', privacy: 'closed', members: [{ kind: 'user', name: 'alice' }, { kind: 'user', name: 'bob' }] }))['id'] as string;
    expect(await alice.next((f) => f.op === 'invited' && f['room'] === room, 30_000)).toMatchObject({ name: 'Launch', invitedBy: 'admin' });
    await until(async () => (await engagement('bob', 'GET', '/invitations')).body.items.length === 1, 30_000);
    expect((await engagement('alice', 'GET', '/invitations')).body.items).toEqual([expect.objectContaining({ roomId: room, roomName: 'Launch', invitedBy: expect.objectContaining({ label: 'admin' }) })]);
    expect((await engagement('carol', 'GET', '/invitations')).body.items).toEqual([]);

    const accepted = await engagement('alice', 'POST', `/invitations/${room}/accept`);
    expect(accepted).toMatchObject({ status: 200, body: { roomId: room, following: true, unread: 0 } });
    expect((await engagement('bob', 'POST', `/invitations/${room}/decline`)).status).toBe(204);
    expect((await engagement('alice', 'GET', '/invitations')).body.items).toEqual([]);
    expect((await engagement('bob', 'GET', '/invitations')).body.items).toEqual([]);
    expect((await engagement('alice', 'GET', '/unread')).body.items.map((s) => s['roomId'])).toContain(room);
    expect((await engagement('bob', 'POST', `/invitations/${room}/accept`)).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    // Alice joins the room she accepted.
    expect(await alice.request({ op: 'join', room })).toMatchObject({ op: 'joined', name: 'Launch' });
    alice.close();
  }, 120_000);

  it('keeps unread and mention counts right in both sessions of one user, and after a reconnect', async () => {
    const room = (await admin('POST', '/v1/rooms', { categoryId, name: 'Standup' }))['id'] as string;
    expect((await engagement('alice', 'PUT', `/follows/${room}`)).body).toMatchObject({ following: true, unread: 0, mentions: 0 });
    const phone = await connect('alice');
    const laptop = await connect('alice');
    const bob = await connect('bob');
    await bob.request({ op: 'join', room });
    await bob.request({ op: 'post', room, clientMsgId: 'b1', text: 'morning all' });
    await bob.request({ op: 'post', room, clientMsgId: 'b2', text: '@alice can you review?' });
    for (const session of [phone, laptop]) expect(await session.next(unreadIn(room, (f) => f['unread'] === 2), 30_000)).toMatchObject({ mentions: 1, following: true });

    // Read on the phone: the laptop is told too.
    await phone.request({ op: 'join', room });
    const lastSeq = (await bob.request({ op: 'post', room, clientMsgId: 'b3', text: 'thanks' }))['seq'] as number;
    await phone.next((f) => f.op === 'event' && f['seq'] === lastSeq, 30_000);
    expect(await phone.request({ op: 'read', room, seq: lastSeq })).toMatchObject({ op: 'ack', room, seq: lastSeq });
    for (const session of [phone, laptop]) expect(await session.next(unreadIn(room, (f) => f['unread'] === 0), 30_000)).toMatchObject({ mentions: 0, readSeq: lastSeq });

    // Offline, then back: the counts are kept on the server.
    phone.close();
    laptop.close();
    await bob.request({ op: 'post', room, clientMsgId: 'b4', text: 'one more for @alice' });
    await until(async () => (await engagement('alice', 'GET', '/unread')).body.items.some((s) => s['roomId'] === room && s['unread'] === 1), 30_000);
    const again = await connect('alice');
    expect((await engagement('alice', 'GET', '/unread')).body.items.find((s) => s['roomId'] === room)).toMatchObject({ unread: 1, mentions: 1 });
    await bob.request({ op: 'post', room, clientMsgId: 'b5', text: 'and another' });
    expect(await again.next(unreadIn(room, (f) => f['unread'] === 2), 30_000)).toMatchObject({ mentions: 1 });
    // Bob was never told about Alice's counts.
    expect(bob.frames.some((f) => f.op === 'unread')).toBe(false);
  }, 120_000);

  it('counts @group mentions for the group’s members and @here for the people in the room', async () => {
    const room = (await admin('POST', '/v1/rooms', { categoryId, name: 'Incidents' }))['id'] as string;
    await admin('POST', '/v1/groups', { name: 'oncall', members: [{ kind: 'user', name: 'alice' }] });
    const mentions = async (user: string) => (await engagement(user, 'GET', '/unread')).body.items.find((s) => s['roomId'] === room)?.['mentions'];
    const bob = await connect('bob');
    await bob.request({ op: 'join', room });
    const paged = await bob.request({ op: 'post', room, clientMsgId: 'oncall-1', text: '@oncall the API is down' });
    await until(async () => (await mentions('alice')) === 1, 30_000, 'the on-call group is mentioned');
    expect(await bob.next((f) => f.op === 'event' && f['seq'] === paged['seq'], 30_000)).toMatchObject({ event: { data: { mentions: [expect.any(String)] } } });
    // @here reaches who is in the room now: alice once she has joined; carol, elsewhere, is not disturbed.
    const alice = await connect('alice');
    await alice.request({ op: 'join', room });
    // Presence follows the log: once bob sees alice come in, the server counts her as here.
    await bob.next((f) => f.op === 'presence' && f['room'] === room && (f['joined'] as { name?: string } | undefined)?.name === 'alice', 30_000);
    await bob.request({ op: 'post', room, clientMsgId: 'here-1', text: '@here status update in five' });
    await until(async () => (await mentions('alice')) === 2, 30_000, 'alice, present, is mentioned');
    expect(await mentions('carol')).toBeUndefined();
    expect(await mentions('bob')).toBeUndefined();
    alice.close();
    bob.close();
  }, 120_000);

  it('matches a topic feed keyword across rooms, live and in past pages, never in a room the user may not read', async () => {
    const open1 = (await admin('POST', '/v1/rooms', { categoryId, name: 'Eng' }))['id'] as string;
    const open2 = (await admin('POST', '/v1/rooms', { categoryId, name: 'Ops' }))['id'] as string;
    const secret = (await admin('POST', '/v1/rooms', { categoryId, name: 'Exec', privacy: 'closed', members: [{ kind: 'user', name: 'bob' }] }))['id'] as string;
    const added = await engagement('carol', 'POST', '/feed/filters', { name: 'outage watch', terms: ['outage', 'rollback plan'] });
    expect(added).toMatchObject({ status: 201, body: { name: 'outage watch', terms: ['outage', 'rollback plan'], mode: 'alert' } });
    const carol = await connect('carol');
    const bob = await connect('bob');
    const say = async (room: string, text: string) => {
      await bob.request({ op: 'join', room });
      return (await bob.request({ op: 'post', room, clientMsgId: `feed-${room}-${text.length}`, text }))['seq'] as number;
    };
    await say(secret, 'OUTAGE in the exec room, keep it quiet');
    const s1 = await say(open1, 'Possible outage on the API');
    await say(open2, 'nothing to see');
    const s2 = await say(open2, 'Here is the Rollback Plan.');
    expect(await carol.next((f) => f.op === 'feed' && f['room'] === open2, 30_000)).toMatchObject({ seq: s2, author: 'bob', alert: true, link: `parley://room/${open2}?seq=${s2}` });
    const page = (await engagement('carol', 'GET', '/feed?limit=1')).body as unknown as { items: { roomId: string; seq: number }[]; next: number };
    expect(page.items).toEqual([expect.objectContaining({ roomId: open2, seq: s2 })]);
    const older = (await engagement('carol', 'GET', `/feed?limit=10&before=${page.next}`)).body.items;
    expect(older).toEqual([expect.objectContaining({ roomId: open1, seq: s1, roomName: 'Eng' })]);
    expect(carol.frames.filter((f) => f.op === 'feed').map((f) => f['room'])).toEqual([open1, open2]);
    const filterId = added.body['id'] as string;
    expect((await engagement('carol', 'DELETE', `/feed/filters/${filterId}`)).status).toBe(204);
    expect((await engagement('carol', 'GET', '/feed/filters')).body.items).toEqual([]);
  }, 120_000);

  it('answers bad input with typed errors and changes nothing', async () => {
    const closed = (await admin('POST', '/v1/rooms', { categoryId, name: 'Board', privacy: 'closed', members: [{ kind: 'user', name: 'bob' }] }))['id'] as string;
    const open = (await admin('POST', '/v1/rooms', { categoryId, name: 'Open' }))['id'] as string;
    expect((await engagement('carol', 'PUT', `/follows/${closed}`)).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await engagement('carol', 'PUT', '/follows/bad%20id')).body).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((await engagement('carol', 'PUT', `/rooms/${open}/read`, { seq: -1 })).body).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((await engagement('carol', 'PUT', `/rooms/${open}/read`, { seq: 9_999 })).body).toMatchObject({ error: { code: 'VALIDATION', issues: [{ path: 'seq' }] } });
    expect((await engagement('carol', 'PUT', `/rooms/${open}/notifications`, { level: 'loud' })).body).toMatchObject({ error: { code: 'VALIDATION' } });
    const carol = await connect('carol');
    expect(await carol.request({ op: 'read', room: closed, seq: 1 })).toMatchObject({ op: 'error', code: 'NOT_FOUND' });
    expect(await carol.request({ op: 'read', room: open })).toMatchObject({ op: 'error', code: 'VALIDATION', issues: [{ path: 'seq' }] });
    expect((await engagement('carol', 'POST', '/feed/filters', { name: 'empty' })).body).toMatchObject({ error: { code: 'VALIDATION', issues: [{ path: 'terms' }] } });
    expect((await engagement('carol', 'POST', '/feed/filters', { name: 'x', terms: ['a'], from: ['nobody-here'] })).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await engagement('carol', 'POST', '/feed/filters', { name: 'x', terms: ['a'], rooms: [closed] })).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await engagement('carol', 'GET', '/unread')).body.items).toEqual([]);
    expect((await engagement('carol', 'GET', '/feed/filters')).body.items).toEqual([]);
  }, 120_000);
});
