import { ForbiddenError, HistoryQuerySchema, NotFoundError, SearchQuerySchema } from '@parley/contracts';
import { createTestDatabase, startNats, tempSqliteFile, type TestNats } from '@parley/testing';
import { SEARCH_WINDOWS, type SearchRequest } from './read/search.queries.js';
import { parseSearchTerms } from './search/search-terms.js';
import { DIALECTS } from './test/databases.fixture.js';
import { HistoryWorld } from './test/history-world.fixture.js';

const pageQuery = (query: Record<string, unknown> = {}) => HistoryQuerySchema.parse(query);
const searchQuery = (query: Record<string, unknown>) => SearchQuerySchema.parse(query);

describe.each(DIALECTS)('history and search on %s', (dialect) => {
  let nats: TestNats;
  let world: HistoryWorld;
  const texts = (messages: { text: string | null }[]) => messages.map((m) => m.text);
  const search = async (userId: string, query: Record<string, unknown>) => (await world.service.search(userId, searchQuery(query))).items.map((i) => i.text);

  beforeAll(async () => {
    nats = await startNats();
    world = await HistoryWorld.start(dialect, nats.url, { createTestDatabase, tempSqliteFile });
  });

  afterAll(async () => {
    await world?.stop();
    await nats?.stop();
  });

  it('pages a room by seq and by date, shows edits, redactions and removals as such, and records each page shown', async () => {
    const room = await world.room();
    const seqs: number[] = [];
    for (let i = 1; i <= 9; i++) seqs.push(await world.post(room, 'alice', `message ${i}`, `2026-03-0${i}T12:00:00.000Z`));
    await world.append(room, { type: 'MessageEdited', actor: { kind: 'user', id: 'alice' }, data: { messageSeq: seqs[1]!, text: 'message 2, better' } });
    await world.append(room, { type: 'MessageRedacted', actor: { kind: 'user', id: 'alice' }, data: { messageSeq: seqs[2]!, reason: null } });
    await world.append(room, {
      type: 'MessagesRemoved',
      actor: { kind: 'user', id: 'admin' },
      data: { messageSeqs: [seqs[3]!], replacement: '[removed]', filter: { authorId: null, contains: null, fromSeq: null, toSeq: null } },
    });
    await world.settled();
    const page = (query: Record<string, unknown>) => world.service.page('bob', room, pageQuery(query));

    const latest = await page({ limit: 4 });
    expect(latest).toMatchObject({ room: { id: room, logged: true }, firstSeq: seqs[0], lastSeq: seqs[8] });
    expect(texts(latest.messages)).toEqual(['message 6', 'message 7', 'message 8', 'message 9']);
    expect(latest.messages[0]!.author).toEqual({ id: 'alice', name: 'Alice' });
    const older = await page({ limit: 4, before: latest.messages[0]!.seq });
    expect(older.messages.map((m) => [m.text, m.editCount, m.redacted, m.removed])).toEqual([
      ['message 2, better', 1, false, false],
      [null, 0, true, false],
      ['[removed]', 0, false, true],
      ['message 5', 0, false, false],
    ]);
    expect(older.messages[0]!.editedAt).not.toBeNull();
    expect(texts((await page({ limit: 3, after: seqs[0]! })).messages)).toEqual(['message 2, better', null, '[removed]']);
    expect(texts((await page({ limit: 3, around: seqs[4]! })).messages)).toEqual(['[removed]', 'message 5', 'message 6']);
    // Pages read with the range in the same statement, or without rows, still tell the room's range.
    expect(await page({ limit: 3, around: seqs[4]! })).toMatchObject({ firstSeq: seqs[0], lastSeq: seqs[8] });
    expect(await page({ limit: 3, after: seqs[8]! })).toMatchObject({ firstSeq: seqs[0], lastSeq: seqs[8], messages: [] });
    expect(await page({ limit: 3, before: seqs[0]! })).toMatchObject({ firstSeq: seqs[0], lastSeq: seqs[8], messages: [] });
    expect(texts((await page({ limit: 2, from: '2026-03-03' })).messages)).toEqual([null, '[removed]']);
    expect(texts((await page({ from: '2026-03-07', to: '2026-03-07' })).messages)).toEqual(['message 7']);
    expect(texts((await page({ to: '2026-03-02T00:00:00Z' })).messages)).toEqual(['message 1']);
    expect((await page({ from: '2027-01-01' })).messages).toEqual([]);

    expect(await world.views(room)).toEqual([
      { userId: 'bob', fromSeq: seqs[5], toSeq: seqs[8], count: 4 },
      { userId: 'bob', fromSeq: seqs[1], toSeq: seqs[4], count: 4 },
      { userId: 'bob', fromSeq: seqs[1], toSeq: seqs[3], count: 3 },
      { userId: 'bob', fromSeq: seqs[3], toSeq: seqs[5], count: 3 },
      { userId: 'bob', fromSeq: seqs[3], toSeq: seqs[5], count: 3 },
      { userId: 'bob', fromSeq: seqs[2], toSeq: seqs[3], count: 2 },
      { userId: 'bob', fromSeq: seqs[6], toSeq: seqs[6], count: 1 },
      { userId: 'bob', fromSeq: seqs[0], toSeq: seqs[0], count: 1 },
    ]);
  });

  it('shows nothing of rooms the reader may not read: secret rooms, and closed rooms they were removed from', async () => {
    const secret = await world.room({ privacy: 'secret', members: ['alice'] });
    const team = await world.room({ privacy: 'closed', members: ['alice', 'bob'] });
    await world.post(secret, 'alice', 'zebra plans in the boardroom');
    await world.post(team, 'alice', 'zebra launch on friday');
    await world.settled();
    expect(await search('alice', { q: 'zebra' })).toEqual(['zebra launch on friday', 'zebra plans in the boardroom']);
    expect(await search('bob', { q: 'zebra' })).toEqual(['zebra launch on friday']);
    expect(await search('carol', { q: 'zebra' })).toEqual([]);
    expect(await search('carol', { q: 'zebra', room: secret })).toEqual([]);
    await expect(world.service.page('carol', secret, pageQuery())).rejects.toBeInstanceOf(NotFoundError);
    await expect(world.service.page('carol', team, pageQuery())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await world.service.page('bob', team, pageQuery())).messages).toHaveLength(1);

    await world.append(team, { type: 'RoomRolesChanged', actor: { kind: 'user', id: 'admin' }, data: { role: 'members', added: [], removed: [{ kind: 'user', id: 'bob' }] } });
    await world.post(team, 'alice', 'zebra news bob must not see');
    await world.settled();
    expect(await search('bob', { q: 'zebra' })).toEqual([]);
    expect(await search('bob', { author: 'alice' })).not.toContain('zebra news bob must not see');
    await expect(world.service.page('bob', team, pageQuery())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await search('alice', { q: 'zebra', room: team })).toEqual(['zebra news bob must not see', 'zebra launch on friday']);
  });

  it('treats SQL metacharacters and full-text operators in a query as plain text', async () => {
    const room = await world.room();
    for (const text of ['kilo lima mike', 'lima kilo', 'kilobyte soup', "50% off_sale it's (paren) x-y near: *star*", 'this OR that', 'tom & jerry']) await world.post(room, 'carol', text);
    await world.settled();
    const found = (q: string) => search('alice', { q, room });
    expect(await found('kilo')).toEqual(['lima kilo', 'kilo lima mike']);
    expect(await found('kilo*')).toEqual(['lima kilo', 'kilo lima mike']);
    expect(await found('"kilo lima"')).toEqual(['kilo lima mike']);
    expect(await found('kilo OR mike')).toEqual([]);
    expect(await found('kilo -lima')).toEqual(['lima kilo', 'kilo lima mike']);
    expect(await found('NEAR(kilo mike)')).toEqual([]);
    expect(await found('text:kilo')).toEqual([]);
    expect(await found('OR')).toEqual(['this OR that']);
    expect(await found('tom & jerry')).toEqual(['tom & jerry']);
    expect(await found("it's (paren) 50%")).toEqual(["50% off_sale it's (paren) x-y near: *star*"]);
    expect(await found('x-y star')).toEqual(["50% off_sale it's (paren) x-y near: *star*"]);
    for (const q of ['%', '_', "'", '"', '*', '-', ':', '(', ')', '""', "'; DROP TABLE history_messages; --", '%kilo%', 'kilo_']) {
      await expect(found(q)).resolves.toEqual(q === '%kilo%' || q === 'kilo_' ? ['lima kilo', 'kilo lima mike'] : []);
    }
    expect(await search('alice', { author: "'; DELETE FROM history_messages; --" })).toEqual([]);
    expect(await found('kilo')).toHaveLength(2);
  });

  it('shows file posts with their file, found by name and caption', async () => {
    const room = await world.room();
    const data = { fileId: 'f-1', name: 'romeo-quarterly.pdf', size: 12345, contentType: 'application/pdf', sha256: 'a'.repeat(64), caption: 'sierra figures' };
    await world.append(room, { type: 'FilePosted', actor: { kind: 'user', id: 'alice' }, data } as never);
    await world.settled();
    const [message] = (await world.service.page('bob', room, pageQuery())).messages;
    expect(message).toMatchObject({ text: 'sierra figures', file: { id: 'f-1', name: 'romeo-quarterly.pdf', size: 12345, contentType: 'application/pdf' } });
    expect(await search('bob', { q: 'romeo' })).toEqual(['sierra figures']);
    expect(await search('bob', { q: 'sierra' })).toEqual(['sierra figures']);
  });

  it('keeps no history of a room whose category has chat history off, and says so', async () => {
    const room = await world.room({ categoryId: 'quiet' });
    await world.post(room, 'alice', 'off the record');
    await world.settled();
    expect(await world.service.page('alice', room, pageQuery())).toMatchObject({ room: { logged: false }, firstSeq: null, lastSeq: null, messages: [] });
    expect(await search('alice', { q: 'record' })).toEqual([]);
    expect(await world.views(room)).toEqual([]);
  });

  it('pages search results newest first by cursor, filtered by author, room and dates', async () => {
    const [one, two] = [await world.room(), await world.room()];
    // Later than anything posted before in this log: times grow with log order, as when the log stamps them.
    for (let i = 1; i <= 5; i++) await world.post(i % 2 ? one : two, i <= 3 ? 'alice' : 'carol', `quebec ${i}`, `2030-05-0${i}T08:00:00.000Z`);
    await world.settled();
    const first = await world.service.search('bob', searchQuery({ q: 'quebec', limit: 2 }));
    expect(first.items.map((i) => [i.text, i.room.id, i.author.name])).toEqual([
      ['quebec 5', one, 'Carol'],
      ['quebec 4', two, 'Carol'],
    ]);
    const second = await world.service.search('bob', searchQuery({ q: 'quebec', limit: 2, after: first.next }));
    const third = await world.service.search('bob', searchQuery({ q: 'quebec', limit: 2, after: second.next }));
    expect([...second.items, ...third.items].map((i) => i.text)).toEqual(['quebec 3', 'quebec 2', 'quebec 1']);
    expect(third.next).toBeNull();
    expect(await search('bob', { q: 'quebec', author: 'carol' })).toEqual(['quebec 5', 'quebec 4']);
    expect(await search('bob', { q: 'quebec', room: two })).toEqual(['quebec 4', 'quebec 2']);
    expect(await search('bob', { q: 'quebec', from: '2030-05-02', to: '2030-05-03' })).toEqual(['quebec 3', 'quebec 2']);
    expect(await search('bob', { from: '2030-05-04' })).toEqual(['quebec 5', 'quebec 4']);
    expect(await search('bob', { q: 'quebec', to: '2030-05-01T09:00:00Z' })).toEqual(['quebec 1']);
    expect(await search('bob', { author: 'alice', room: one })).toEqual(expect.arrayContaining(['quebec 3', 'quebec 1']));
    await expect(world.service.search('bob', searchQuery({ q: 'quebec', after: 'bm9wZQ' }))).rejects.toMatchObject({ issues: [{ path: 'after' }] });
  });

  it('finds the newest hits however the words spread over the log: in the latest messages, only long ago, or rarely', async () => {
    const rooms = [await world.room(), await world.room(), await world.room()];
    const posted: { text: string; room: string; author: string }[] = [];
    for (let i = 0; i < 36; i++) {
      // "zinnia" in every message, "yarrow" only in the first ten, "xenon" twice, "wombat" never.
      const words = ['zinnia', ...(i < 10 ? ['yarrow'] : []), ...(i === 4 || i === 30 ? ['xenon'] : [])];
      const message = { text: `${words.join(' ')} walk ${i}`, room: rooms[i % 3]!, author: i % 4 === 0 ? 'carol' : 'alice' };
      await world.post(message.room, message.author, message.text);
      posted.push(message);
    }
    await world.settled();
    const position = world.store.position;
    const newestFirst = [...posted].reverse();
    const cases: { q: string; rooms: SearchRequest['rooms']; authorId?: string; limit: number }[] = [];
    for (const q of ['zinnia', 'yarrow', 'xenon', 'wombat', 'zinnia yarrow', '"yarrow walk"'])
      for (const filter of [{ kind: 'all' }, { kind: 'only', ids: [rooms[1]!] }, { kind: 'except', ids: [rooms[0]!, rooms[2]!] }] as const)
        for (const limit of [1, 3, 50]) cases.push({ q, rooms: filter, limit }, { q, rooms: filter, authorId: 'carol', limit });
    // The latest two positions, the index trusted for at most three matches, rooms walked one by one or not: every path of PostgreSQL's walk.
    const { search } = world.store.get();
    const searches = [search, search.withWindows({ latest: 2, indexed: 3, rooms: 16 }), search.withWindows({ latest: 2, indexed: 3, rooms: 0 }), search.withWindows({ ...SEARCH_WINDOWS, indexed: 0 })];
    for (const { q, rooms: filter, authorId, limit } of cases) {
      const terms = parseSearchTerms(q);
      const expected = newestFirst
        .filter((m) => (terms.words.every((w) => m.text.split(' ').includes(w)) && terms.phrases.every((p) => m.text.includes(p))))
        .filter((m) => filter.kind === 'all' || (filter.kind === 'only') === filter.ids.includes(m.room))
        .filter((m) => authorId === undefined || m.author === authorId)
        .slice(0, limit)
        .map((m) => m.text);
      for (const queries of searches) {
        const rows = await queries.find({ terms, rooms: filter, authorId, position, limit });
        expect({ q, filter, authorId, limit, found: rows.map((r) => r.text) }).toEqual({ q, filter, authorId, limit, found: expected });
      }
    }
  });
});
