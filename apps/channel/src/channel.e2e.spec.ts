import { join } from 'node:path';
import { randomName, spawnService, startNats, until, type SpawnedService, type TestNats } from '@parley/testing';
import { TestClient, type Frame } from './test/ws-client.fixture.js';

const root = join(__dirname, '..', '..', '..');
const password = 'correct-horse-battery';

/**
 * Two channel servers and a real nats-server: clients on both chat in one room and see one order;
 * a server is killed mid-conversation and its clients resume on the other, losing nothing.
 */
describe('live chat across two channel servers', () => {
  let nats: TestNats;
  let provisioning: SpawnedService;
  let a: SpawnedService;
  let b: SpawnedService;
  const env = () => ({ PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: namespace });
  let namespace: string;
  const tokens = new Map<string, string>();
  let roomId: string;
  let closedRoomId: string;
  const clients: TestClient[] = [];

  const api = async (method: string, path: string, body?: unknown, as = 'admin') => {
    const response = await fetch(`${provisioning.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(as)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const login = async (username: string, pw: string) => {
    const response = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
    tokens.set(username, ((await response.json()) as { accessToken: string }).accessToken);
  };
  const connect = async (server: SpawnedService, user: string, resume?: Record<string, number>) => {
    const client = await TestClient.connect(server.url);
    clients.push(client);
    const welcome = await client.request({ op: 'hello', token: tokens.get(user), ...(resume ? { resume } : {}) });
    expect(welcome.op).toBe('welcome');
    return client;
  };

  beforeAll(async () => {
    nats = await startNats();
    namespace = randomName('c');
    provisioning = await spawnService(join(root, 'apps/provisioning/dist/main.js'), { ...env(), PARLEY_INITIAL_ADMIN_PASSWORD: password });
    [a, b] = await Promise.all([spawnService(join(root, 'apps/channel/dist/main.js'), env()), spawnService(join(root, 'apps/channel/dist/main.js'), env())]);
    await login('admin', password);
    for (const user of ['alice', 'bob', 'carol']) await api('POST', '/v1/users', { username: user, password, ...(user === 'alice' ? { displayName: 'Alice Liddell' } : {}) });
    for (const user of ['alice', 'bob', 'carol']) await login(user, password);
    const category = await api('POST', '/v1/categories', { name: 'General', allowed: [{ kind: 'everyone' }] });
    roomId = (await api('POST', '/v1/rooms', { categoryId: category['id'], name: 'Lobby' }))['id'] as string;
    closedRoomId = (await api('POST', '/v1/rooms', { categoryId: category['id'], name: 'Team', privacy: 'closed', members: [{ kind: 'user', name: 'alice' }, { kind: 'user', name: 'bob' }] }))['id'] as string;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([a?.stop(), b?.stop(), provisioning?.stop()]);
    await nats?.stop();
  });

  it('delivers every post to clients on both servers, in one order, and stores a resent post once', async () => {
    const alice = await connect(a, 'alice');
    const bob = await connect(b, 'bob');
    expect(await alice.request({ op: 'join', room: roomId })).toMatchObject({ op: 'joined', name: 'Lobby', backchat: [] });
    await bob.request({ op: 'join', room: roomId });
    const acks = await Promise.all([
      ...[1, 2, 3].map((i) => alice.request({ op: 'post', room: roomId, clientMsgId: `a${i}`, text: `alice ${i}` })),
      ...[1, 2, 3].map((i) => bob.request({ op: 'post', room: roomId, clientMsgId: `b${i}`, text: `bob ${i}` })),
    ]);
    expect(acks.every((f) => f.op === 'ack')).toBe(true);
    const resent = await alice.request({ op: 'post', room: roomId, clientMsgId: 'a1', text: 'alice 1' });
    expect(resent['seq']).toBe(acks[0]!['seq']);
    const texts = (c: TestClient) => c.events(roomId).filter((e) => e.type === 'MessagePosted').map((e) => e.data['text']);
    await until(() => texts(alice).length === 6 && texts(bob).length === 6);
    expect(texts(alice)).toEqual(texts(bob));
    // Each event names its author, so a client shows who wrote it without having seen them before.
    const authors = new Set(bob.events(roomId).filter((e) => e.type === 'MessagePosted').map((e) => e.actor.name));
    expect(authors).toEqual(new Set(['Alice Liddell', 'bob']));
    expect(alice.events(roomId).map((e) => e.seq)).toEqual([...alice.events(roomId).map((e) => e.seq)].sort((x, y) => x - y));
    alice.close();
    bob.close();
  });

  it('resumes on the surviving server after the other is killed, receiving every missed event once', async () => {
    const alice = await connect(a, 'alice');
    const bob = await connect(b, 'bob');
    const joined = await alice.request({ op: 'join', room: roomId });
    await bob.request({ op: 'join', room: roomId });
    let lastSeen = joined['seq'] as number;
    const acked: number[] = [];
    for (let i = 0; i < 5; i++) acked.push((await bob.request({ op: 'post', room: roomId, clientMsgId: `before-${i}`, text: `before ${i}` }))['seq'] as number);
    await until(() => alice.events(roomId).length >= 5);
    lastSeen = alice.events(roomId).at(-1)!.seq;
    await a.crash();
    await alice.waitClosed();
    for (let i = 0; i < 5; i++) acked.push((await bob.request({ op: 'post', room: roomId, clientMsgId: `after-${i}`, text: `after ${i}` }))['seq'] as number);
    const resumed = await connect(b, 'alice', { [roomId]: lastSeen });
    await until(() => resumed.events(roomId).filter((e) => e.type === 'MessagePosted').length >= 5);
    const seen = [...alice.events(roomId), ...resumed.events(roomId)].map((e) => e.seq);
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    for (const seq of acked) expect(seen).toContain(seq); // nothing acknowledged lost
    expect(seen).toEqual([...seen].sort((x, y) => x - y)); // in order
    a = await spawnService(join(root, 'apps/channel/dist/main.js'), env());
  });

  it('answers bad input with typed errors, keeps the session working, and appends nothing', async () => {
    const carol = await connect(b, 'carol');
    await carol.request({ op: 'join', room: roomId });
    const before = (await carol.request({ op: 'join', room: roomId }))['seq'];
    carol.sendRaw('{not json');
    expect(await carol.next((f) => f.op === 'error' && String(f['message']).includes('not JSON'))).toMatchObject({ code: 'VALIDATION' });
    expect(await carol.request({ op: 'shout', room: roomId })).toMatchObject({ op: 'error', code: 'VALIDATION', issues: [{ path: 'op' }] });
    expect(await carol.request({ op: 'post', room: roomId, text: 'no client id' })).toMatchObject({ op: 'error', issues: [{ path: 'clientMsgId' }] });
    expect(await carol.request({ op: 'join', room: 'no-such-room' })).toMatchObject({ op: 'error', code: 'NOT_FOUND' });
    expect(await carol.request({ op: 'post', room: roomId, clientMsgId: 'long', text: 'x'.repeat(8_001) })).toMatchObject({ op: 'error', issues: [{ path: 'text' }] });
    expect(await carol.request({ op: 'join', room: closedRoomId })).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    expect(await carol.request({ op: 'post', room: closedRoomId, clientMsgId: 'nope', text: 'let me in' })).toMatchObject({ op: 'error', issues: [{ path: 'room', message: 'join the room first' }] });
    const flood = await Promise.all(Array.from({ length: 40 }, (_, i) => carol.request({ op: 'post', room: roomId, clientMsgId: `flood-${i}`, text: `flood ${i}` })));
    expect(flood.filter((f) => f.op === 'error' && f['code'] === 'RATE_LIMITED').length).toBeGreaterThan(0);
    const stored = flood.filter((f) => f.op === 'ack').length;
    expect(await carol.request({ op: 'ping' })).toMatchObject({ op: 'pong' });
    const after = (await carol.request({ op: 'join', room: roomId }))['seq'];
    expect(after).toBe((before as number) + stored);
    carol.sendRaw('x'.repeat(600 * 1024));
    expect((await carol.waitClosed()).code).toBe(1009);
  });

  it('tells a client that stops reading to resync, never holding up the others, and it then catches up with every event once', async () => {
    // A server of its own: a small send buffer, and no rate limit in the way of the flood.
    const small = await spawnService(join(root, 'apps/channel/dist/main.js'), { ...env(), PARLEY_SEND_BUFFER_KB: '1024', PARLEY_POSTS_PER_SECOND: '1000', PARLEY_POST_BURST: '1000' });
    try {
      const alice = await connect(small, 'alice');
      const bob = await connect(small, 'bob');
      const carol = await connect(small, 'carol');
      for (const client of [alice, bob, carol]) await client.request({ op: 'join', room: roomId });
      const lastSeen = (client: TestClient) => client.events(roomId).at(-1)?.seq ?? 0;
      await alice.request({ op: 'post', room: roomId, clientMsgId: 'before-the-flood', text: 'before the flood' });
      await until(() => carol.events(roomId).some((e) => e.data['text'] === 'before the flood'));
      carol.pause();
      // 12 MB of stories, far more than the socket buffers between the server and carol hold; in
      // rounds that bob, who reads on, has each received (at most 300 KB waits for him at a time).
      const body = 'y'.repeat(60_000);
      const acks: Frame[] = [];
      for (let round = 0; round < 40; round++) {
        const sent = await Promise.all(
          Array.from({ length: 5 }, (_, k) => alice.request({ op: 'post', room: roomId, clientMsgId: `flood-story-${round}-${k}`, text: `story ${round}-${k}`, story: { title: 'flood', body } }, 30_000)),
        );
        acks.push(...sent);
        const newest = Math.max(...sent.map((f) => f['seq'] as number));
        await until(() => lastSeen(bob) >= newest || bob.frames.some((f) => f.op === 'resync'), 30_000);
      }
      expect(acks.every((f) => f.op === 'ack')).toBe(true);
      const last = Math.max(...acks.map((f) => f['seq'] as number));
      // Bob read on: he has every story, in order, while carol is stuck.
      expect(bob.frames.filter((f) => f.op === 'resync')).toEqual([]);
      const bobStories = bob.events(roomId).filter((e) => String(e.data['text']).startsWith('story '));
      expect(bobStories.map((e) => e.seq)).toEqual(acks.map((f) => f['seq'] as number).sort((x, y) => x - y));
      carol.resume();
      const resync = await carol.next((f) => f.op === 'resync', 30_000);
      expect(resync['rooms']).toContain(roomId);
      // Back from where she was: every event after her last one, each once, in order.
      const from = lastSeen(carol);
      await carol.request({ op: 'join', room: roomId, after: from });
      await until(() => lastSeen(carol) >= last, 30_000);
      const seqs = carol.events(roomId).map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(acks.every((f) => seqs.includes(f['seq'] as number))).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it('lets an administrator remove messages by filter: readers see the replacement, late joiners too', async () => {
    const alice = await connect(b, 'alice');
    await alice.request({ op: 'join', room: roomId });
    await alice.request({ op: 'post', room: roomId, clientMsgId: 'spam-1', text: 'BUY ACME NOW' });
    const removal = await api('POST', `/v1/rooms/${roomId}/messages/remove`, { contains: 'acme', replacement: '[removed]' });
    expect(removal).toMatchObject({ removed: 1 });
    expect(await alice.next((f) => f.op === 'event' && (f['event'] as { type: string }).type === 'MessagesRemoved')).toBeDefined();
    const late = await connect(b, 'carol');
    const joined = await late.request({ op: 'join', room: roomId });
    const backchat = joined['backchat'] as { data: { text: string } }[];
    expect(backchat.some((e) => e.data.text === 'BUY ACME NOW')).toBe(false);
    expect(backchat.some((e) => e.data.text === '[removed]')).toBe(true);
    const refused = await api('POST', `/v1/rooms/${roomId}/messages/remove`, {}, 'alice');
    expect(refused).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('stops a removed member: no later post accepted, no later event received', async () => {
    const alice = await connect(b, 'alice');
    const bob = await connect(b, 'bob');
    await alice.request({ op: 'join', room: closedRoomId });
    await bob.request({ op: 'join', room: closedRoomId });
    const bobId = ((await api('GET', '/v1/users?q=bob')) as { items: { id: string }[] }).items[0]!.id;
    await api('PATCH', `/v1/rooms/${closedRoomId}`, { members: { remove: [{ kind: 'user', id: bobId }] } });
    expect(await bob.next((f) => f.op === 'parted' && f['room'] === closedRoomId)).toMatchObject({ reason: 'removed' });
    expect(await bob.request({ op: 'join', room: closedRoomId })).toMatchObject({ op: 'error', code: 'FORBIDDEN' });
    const refused = await bob.request({ op: 'post', room: closedRoomId, clientMsgId: 'late', text: 'still here?' });
    expect(refused).toMatchObject({ op: 'error', issues: [{ path: 'room', message: 'join the room first' }] });
    await alice.request({ op: 'post', room: closedRoomId, clientMsgId: 'secret', text: 'bob is gone' });
    await until(() => alice.events(closedRoomId).some((e) => e.data['text'] === 'bob is gone'));
    expect(bob.events(closedRoomId).some((e) => e.data['text'] === 'bob is gone')).toBe(false);
  });
});
