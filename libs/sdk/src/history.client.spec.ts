import { InternalError } from '@parley/contracts';
import { fakeServer, tokens, type SeenRequest } from './fake-server.fixture.js';
import { ParleyClient } from './parley-client.js';

const message = (seq: number) => ({
  seq,
  author: { id: 'u-1', name: 'Alice' },
  postedAt: '2026-03-01T09:30:00.000Z',
  text: `message ${seq}`,
  story: null,
  file: null,
  alert: false,
  editCount: 0,
  editedAt: null,
  redacted: false,
  removed: false,
});
const room = { id: 'r-1', name: 'Lobby', logged: true };

/** A room whose history holds seqs 1..`last`, answering pages as the channel service does. */
function historyOf(last: number) {
  return (r: SeenRequest) => {
    const limit = Number(r.query['limit'] ?? 50);
    const before = r.query['before'] === undefined ? last + 1 : Number(r.query['before']);
    const seqs = Array.from({ length: last }, (_, i) => i + 1).filter((s) => s < before);
    return { status: 200, body: { room, firstSeq: last ? 1 : null, lastSeq: last || null, messages: seqs.slice(-limit).map(message) } };
  };
}

async function signedIn(route: (r: SeenRequest) => { status: number; body?: unknown }) {
  const server = fakeServer((r) => (r.path === '/v1/auth/login' ? { status: 200, body: tokens(1) } : route(r)));
  const client = new ParleyClient({ server: 'http://parley.test', fetch: server.fetch });
  await client.session.login('alice', 'pw');
  return { history: client.history('http://channel.test'), seen: () => server.seen.slice(1).map(({ method, path, query, authorization }) => ({ method, path, query, authorization })) };
}

describe('the history client', () => {
  it('asks the channel server for a page, with the session’s token, sending only the options given', async () => {
    const { history, seen } = await signedIn(historyOf(3));
    expect(await history.page('r/1', { limit: 2, before: 3, from: '2026-03-01' })).toEqual({ room, firstSeq: 1, lastSeq: 3, messages: [message(1), message(2)] });
    expect(seen()).toEqual([{ method: 'GET', path: '/v1/rooms/r%2F1/history', query: { limit: '2', before: '3', from: '2026-03-01' }, authorization: 'Bearer access-1' }]);
  });

  it('fetches the last N messages a page of at most 200 at a time, back from the newest, oldest first', async () => {
    const { history, seen } = await signedIn(historyOf(450));
    const page = await history.latest('r-1', 420);
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 420 }, (_, i) => i + 31));
    expect(page).toMatchObject({ room, firstSeq: 1, lastSeq: 450 });
    expect(seen().map((r) => r.query)).toEqual([{ limit: '200' }, { limit: '200', before: '251' }, { limit: '20', before: '51' }]);
  });

  it('stops at the start of the history, and counts back from --before', async () => {
    const { history, seen } = await signedIn(historyOf(250));
    expect((await history.latest('r-1', 1000, 240)).messages.map((m) => m.seq)).toEqual(Array.from({ length: 239 }, (_, i) => i + 1));
    expect(seen().map((r) => r.query)).toEqual([{ limit: '200', before: '240' }, { limit: '200', before: '40' }]);
    const empty = await signedIn(historyOf(0));
    expect(await empty.history.latest('r-1', 500)).toEqual({ room, firstSeq: null, lastSeq: null, messages: [] });
    expect(empty.seen()).toHaveLength(1);
  });

  it('searches with the filters given, and checks the answer against the contract', async () => {
    const hit = { ...message(7), room: { id: 'r-1', name: 'Lobby' } };
    const { redacted: _r, removed: _m, ...shape } = hit;
    const { history, seen } = await signedIn(() => ({ status: 200, body: { items: [shape], next: 'czc' } }));
    expect(await history.search({ q: `'; DROP TABLE -- a & !b | "x"`, author: 'alice', limit: 5, after: 'czk' })).toEqual({ items: [shape], next: 'czc' });
    expect(seen()).toEqual([{ method: 'GET', path: '/v1/search', query: { q: `'; DROP TABLE -- a & !b | "x"`, author: 'alice', limit: '5', after: 'czk' }, authorization: 'Bearer access-1' }]);
    const odd = await signedIn(() => ({ status: 200, body: { items: [{ ...shape, room: undefined }], next: null } }));
    await expect(odd.history.search({ q: 'x' })).rejects.toThrow(InternalError);
    await expect(odd.history.search({ q: 'x' })).rejects.toThrow(/GET \/v1\/search: items\.0\.room/);
  });
});
