import { createServer } from 'node:net';
import { ForbiddenError, NotFoundError, UnavailableError } from '@parley/contracts';
import { until } from '@parley/testing';
import { FakeChannel } from './fake-channel.fixture.js';
import { LiveClient } from './live-client.js';
import type { LiveCredentials, LiveUpdate } from './live.types.js';

/** A session handing out `tokens` in turn: the first, then the next after each refusal. */
function credentials(...tokens: string[]): LiveCredentials & { refused: string[] } {
  let current = 0;
  const refused: string[] = [];
  return {
    refused,
    accessToken: () => Promise.resolve(tokens[current]!),
    accessTokenAfterRefusal: (token) => {
      refused.push(token);
      return Promise.resolve(tokens[++current]!);
    },
  };
}

/** Reads a client's updates in the background, as a consumer would. */
function reader(client: LiveClient) {
  const seen: LiveUpdate[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const update of client.updates()) seen.push(update);
    } catch (error) {
      failure = error;
    }
  })();
  const seqs = (room: string) => seen.flatMap((u) => (u.type === 'event' && u.room === room ? [u.seq] : []));
  return { seen, seqs, done, failure: () => failure };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the live client against a channel server', () => {
  let channel: FakeChannel;
  const clients: LiveClient[] = [];
  const connect = async (creds: LiveCredentials = credentials('token-1')) => {
    const client = await LiveClient.connect({ channel: channel.url, credentials: creds, reconnectMinMs: 5, reconnectMaxMs: 50 });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    channel = await FakeChannel.start();
    channel.rooms.set('lobby', []);
    for (const text of ['one', 'two', 'three', 'four', 'five']) channel.append('lobby', text);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await channel.stop();
  });

  it('hands on the backchat, then live events, and settles requests with their answers', async () => {
    const client = await connect();
    const updates = reader(client);
    expect(client.user).toEqual({ id: 'u1', name: 'alice' });
    expect(await client.join('lobby')).toEqual({ room: 'lobby', name: 'lobby', disclaimer: '', seq: 5, presence: [], participants: 1 });
    expect(await client.post('lobby', 'hello', { alert: true, clientMsgId: 'm-1' })).toEqual({ room: 'lobby', seq: 6 });
    expect(channel.received('post')).toEqual([{ op: 'post', id: expect.any(String), room: 'lobby', clientMsgId: 'm-1', text: 'hello', alert: true }]);
    await until(() => updates.seqs('lobby').length === 4);
    expect(updates.seen.map((u) => (u.type === 'event' ? `${u.seq}${u.backchat ? ' backchat' : ''}` : u.type))).toEqual(['joined', '3 backchat', '4 backchat', '5 backchat', '6']);
    await expect(client.post('closed', 'let me in')).rejects.toThrow(new ForbiddenError('you may not post in room "closed"'));
    await expect(client.join('nowhere')).rejects.toThrow(new NotFoundError('room: no room nowhere'));
    await client.ping();
    await client.close();
    await updates.done;
    expect(updates.failure()).toBeUndefined();
    await expect(client.post('lobby', 'too late')).rejects.toThrow(UnavailableError);
  });

  it('resumes every room after a lost connection, handing on what it missed once, in order', async () => {
    channel.rooms.set('backlog', []);
    const client = await connect();
    const updates = reader(client);
    await client.join('lobby');
    await client.join('backlog');
    channel.current.ws.terminate();
    for (const text of ['six', 'seven']) channel.append('lobby', text);
    channel.append('backlog', 'first');
    await until(() => updates.seqs('lobby').at(-1) === 7 && updates.seqs('backlog').length === 1);
    expect(channel.connections).toHaveLength(2);
    expect(channel.current.received[0]).toMatchObject({ op: 'hello', resume: { lobby: 5, backlog: 0 } });
    expect(updates.seqs('lobby')).toEqual(range(3, 7));
    expect(updates.seen.map((u) => u.type)).toEqual(expect.arrayContaining(['disconnected', 'reconnected']));
    expect(updates.seen.filter((u) => u.type === 'joined' && u.resumed).map((u) => u.type === 'joined' && u.room)).toEqual(['lobby', 'backlog']);
    channel.append('lobby', 'eight');
    await until(() => updates.seqs('lobby').at(-1) === 8);
    expect(updates.seqs('lobby')).toEqual(range(3, 8));
  });

  it('sends an unanswered post again after a reconnect, with the same clientMsgId, stored once', async () => {
    const client = await connect();
    const updates = reader(client);
    await client.join('lobby');
    channel.withholdAcks = true;
    const posted = client.post('lobby', 'exactly once');
    await until(() => channel.received('post').length === 1);
    channel.withholdAcks = false;
    channel.current.ws.terminate();
    expect(await posted).toEqual({ room: 'lobby', seq: 6 });
    const sent = channel.received('post');
    expect(sent).toHaveLength(2);
    expect(sent[1]!['clientMsgId']).toBe(sent[0]!['clientMsgId']);
    expect(channel.rooms.get('lobby')!.filter((e) => (e.data as { text: string }).text === 'exactly once')).toHaveLength(1);
    await until(() => updates.seqs('lobby').includes(6));
    expect(updates.seqs('lobby')).toEqual(range(3, 6));
  });

  it('refuses an edit whose connection was lost before its answer: sending it again would edit twice', async () => {
    const client = await connect();
    const edit = client.edit('lobby', 5, 'changed');
    await until(() => channel.received('edit').length === 1);
    channel.current.ws.terminate();
    await expect(edit).rejects.toThrow(UnavailableError);
    await until(() => channel.connections.length === 2);
    expect(channel.received('edit')).toHaveLength(1);
  });

  it('catches up after a gap and after a resync, without doubling anything', async () => {
    const client = await connect();
    const updates = reader(client);
    await client.join('lobby');
    channel.current.skip = 1;
    channel.append('lobby', 'missed');
    channel.append('lobby', 'after the gap');
    await until(() => updates.seqs('lobby').at(-1) === 7);
    expect(channel.received('join').at(-1)).toMatchObject({ room: 'lobby', after: 5 });
    channel.send(channel.current, { op: 'resync', rooms: ['lobby'], reason: 'the connection fell behind' });
    await until(() => channel.received('join').length === 3);
    expect(channel.received('join').at(-1)).toMatchObject({ room: 'lobby', after: 7 });
    channel.append('lobby', 'live again');
    await until(() => updates.seqs('lobby').at(-1) === 8);
    expect(updates.seqs('lobby')).toEqual(range(3, 8));
  });

  it('stops handing on a room the server parted it from', async () => {
    const client = await connect();
    const updates = reader(client);
    await client.join('lobby');
    channel.send(channel.current, { op: 'parted', room: 'lobby', reason: 'removed' });
    await until(() => updates.seen.some((u) => u.type === 'parted'));
    channel.append('lobby', 'not for you');
    await client.ping();
    expect(updates.seen.at(-1)).toEqual({ type: 'parted', room: 'lobby', reason: 'removed' });
    expect(updates.seqs('lobby')).toEqual([3, 4, 5]);
  });

  it('renews a refused access token once, and fails for good when the server ends the session', async () => {
    channel.tokens.clear();
    channel.tokens.add('token-2');
    const creds = credentials('token-1', 'token-2');
    const client = await connect(creds);
    expect(creds.refused).toEqual(['token-1']);
    const updates = reader(client);
    channel.withholdAcks = true;
    const posted = client.post('lobby', 'unanswered');
    await until(() => channel.received('post').length === 1);
    channel.current.ws.close(4003, 'account disabled');
    await updates.done;
    expect(updates.failure()).toEqual(new ForbiddenError('the channel server ended the session: account disabled'));
    await expect(posted).rejects.toThrow(ForbiddenError);
    expect(channel.connections).toHaveLength(1);
  });

  it('says which channel it cannot reach when the first connection fails', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const refused = await LiveClient.connect({ channel: `http://127.0.0.1:${port}`, credentials: credentials('token-1') }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as Error).message).toBe(`cannot reach ws://127.0.0.1:${port}/v1/ws (ECONNREFUSED)`);
  });
});
