import { ForbiddenError, NotFoundError } from '@parley/contracts';
import type { HistoryMessage, HistoryPage, SearchHit, SearchPage } from '@parley/sdk';
import { runCli } from '../cli.fixture.js';
import { localDay } from '../chat/history-output.js';
import { clock } from '../chat/tail-output.js';

const ROOM = '0190c3a4-7c1e-7d2a-9f00-1a2b3c4d5e6f';
const AT = '2026-03-01T12:30:00.000Z';
const NEXT_DAY = '2026-03-02T12:00:00.000Z';

const message = (seq: number, extra: Partial<HistoryMessage> = {}): HistoryMessage => ({
  seq,
  author: { id: 'u-alice', name: 'Alice Martin' },
  postedAt: AT,
  text: `message ${seq}`,
  story: null,
  file: null,
  alert: false,
  editCount: 0,
  editedAt: null,
  redacted: false,
  removed: false,
  ...extra,
});
const pageOf = (messages: HistoryMessage[], range: [number, number] | null = [1, 99], logged = true): HistoryPage => ({
  room: { id: ROOM, name: 'Standup', logged },
  firstSeq: range?.[0] ?? null,
  lastSeq: range?.[1] ?? null,
  messages,
});
const hit = (seq: number, extra: Partial<SearchHit> = {}): SearchHit => {
  const { redacted: _r, removed: _m, ...rest } = message(seq);
  return { ...rest, room: { id: ROOM, name: 'Standup' }, ...extra };
};

function fakeApi(page: HistoryPage = pageOf([message(5)]), found: SearchPage = { items: [hit(7)], next: null }) {
  const history = {
    page: jest.fn((_room: string, _request: unknown) => Promise.resolve(page)),
    latest: jest.fn((_room: string, _count: number) => Promise.resolve(page)),
    search: jest.fn((_request: unknown) => Promise.resolve(found)),
  };
  const historyAt = jest.fn((_url: string) => history);
  const rooms = {
    list: jest.fn(() => Promise.resolve([{ id: ROOM, name: 'Standup', categoryPath: ['Engineering'] }])),
    get: jest.fn((id: string) => (id === ROOM ? Promise.resolve({ id: ROOM, name: 'Standup' }) : Promise.reject(new NotFoundError(`no room ${id}`)))),
  };
  return { api: { endpoints: jest.fn(() => Promise.resolve({ channel: 'http://channel.test' })), history: historyAt, rooms }, history, historyAt, rooms };
}

describe('parley history', () => {
  it('prints the latest 50 messages by default, from the channel the server names, with days, edits, redactions, removals, alerts, stories and files', async () => {
    const { api, history, historyAt } = fakeApi(
      pageOf(
        [
          message(3, { text: 'hello\nworld' }),
          message(4, { alert: true, text: 'fire drill' }),
          message(6, { text: 'fixed typo', editCount: 2, editedAt: AT }),
          message(8, { text: null, redacted: true }),
          message(9, { text: 'off topic', removed: true }),
          message(10, { text: 'Faster search.', story: { title: 'Release notes', body: 'Faster search.\nFewer bugs.' } }),
          message(12, { postedAt: NEXT_DAY, text: 'Q3 figures', file: { id: 'f-1', name: 'q3.xlsx', size: 2048, contentType: 'application/vnd.ms-excel' } }),
        ],
        [1, 12],
      ),
    );
    const { code, out } = await runCli(['history', '--room', `parley://room/${ROOM}`], api);
    expect(code).toBe(0);
    expect(historyAt).toHaveBeenCalledWith('http://channel.test');
    expect(history.latest).toHaveBeenCalledWith(ROOM, 50);
    const [time, nextTime] = [clock(AT), clock(NEXT_DAY)];
    expect(out).toBe(
      [
        '-- Standup',
        `-- ${localDay(AT)}`,
        `${time} #3 Alice Martin: hello`,
        '    world',
        `${time} #4 Alice Martin: [alert] fire drill`,
        `${time} #6 Alice Martin: fixed typo (edited)`,
        `${time} #8 Alice Martin: (redacted)`,
        `${time} #9 Alice Martin: (removed by a moderator) off topic`,
        `${time} #10 Alice Martin: [story] Release notes`,
        '    Faster search.',
        '    Fewer bugs.',
        `-- ${localDay(NEXT_DAY)}`,
        `${nextTime} #12 Alice Martin posted q3.xlsx (2.0 KB; parley file download f-1): Q3 figures`,
        'more: --before 3',
        '',
      ].join('\n'),
    );
  });

  it('pages with --before, --after or --around and --limit, saying where more messages are', async () => {
    const { api, history } = fakeApi(pageOf([message(40), message(41)], [1, 99]));
    expect((await runCli(['history', '--room', ROOM, '--before', '42', '--limit', '2', '--channel', 'http://other.test'], api)).out).toMatch(/#41 .*\nmore: --before 40\n$/);
    expect(history.page).toHaveBeenLastCalledWith(ROOM, { limit: 2, before: 42 });
    expect((await runCli(['history', '--room', ROOM, '--after', '0'], api)).out).toMatch(/#41 .*\nmore: --after 41\n$/);
    expect(history.page).toHaveBeenLastCalledWith(ROOM, { limit: 50, after: 0 });
    expect((await runCli(['history', '--room', ROOM, '--around', '40', '--limit', '200'], api)).out).toMatch(/\nmore: --before 40 or --after 41\n$/);
    expect(history.page).toHaveBeenLastCalledWith(ROOM, { limit: 200, around: 40 });
    expect((await runCli(['history', '--room', ROOM, '--last', '10000'], api)).code).toBe(0);
    expect(history.latest).toHaveBeenLastCalledWith(ROOM, 10000);
  });

  it('says when a room has no messages, or keeps no history now; --json prints the page as the API answers it', async () => {
    expect((await runCli(['history', '--room', ROOM], fakeApi(pageOf([], null, false)).api)).out).toBe('-- Standup (keeps no history now: new messages are not stored)\nno messages\n');
    const page = pageOf([message(5)], [5, 5]);
    const { out } = await runCli(['history', '--room', ROOM, '--json'], fakeApi(page).api);
    expect(JSON.parse(out)).toEqual(page);
  });

  it('refuses bad options with one line, sending nothing', async () => {
    for (const [args, reason] of [
      [['--last', 'ten'], '--last must be a whole number above 0, got "ten"'],
      [['--last', '0'], '--last must be a whole number above 0, got "0"'],
      [['--last', '10001'], '--last must be at most 10000, got 10001'],
      [['--before', '5', '--after', '3'], 'give at most one of --last, --before, --after and --around (got --before and --after)'],
      [['--last', '5', '--around', '3'], 'give at most one of --last, --before, --after and --around (got --last and --around)'],
      [['--before', '-1'], '--before must be a message\'s seq (a whole number, 0 or more), got "-1"'],
      [['--after', '1.5'], '--after must be a message\'s seq (a whole number, 0 or more), got "1.5"'],
      [['--before', '9', '--limit', '201'], '--limit must be at most 200, got 201'],
      [['--limit', '20'], '--limit goes with --before, --after or --around; for the latest messages give --last N'],
      [['--channel', 'ftp://x'], '--channel must be an http:// or https:// URL without query or credentials, got "ftp://x"'],
    ] as const) {
      const { api, history, historyAt } = fakeApi();
      expect(await runCli(['history', '--room', ROOM, ...args], api)).toMatchObject({ code: 1, out: '', err: `parley: ${reason}\n` });
      expect(historyAt).not.toHaveBeenCalled();
      expect([...history.page.mock.calls, ...history.latest.mock.calls]).toEqual([]);
    }
    expect((await runCli(['history'], fakeApi().api)).err).toBe("parley: required option '--room <room>' not specified\n");
  });

  it('names the room given when it is not there, or not to be seen, and keeps the server’s refusal', async () => {
    const { api, history, rooms } = fakeApi();
    expect((await runCli(['history', '--room', 'Engineering/Nowhere'], api)).err).toMatch(/^parley: --room: no room "Engineering\/Nowhere"/);
    expect(rooms.list).toHaveBeenCalled();
    expect((await runCli(['history', '--room', 'no such room'], api)).err).toMatch(/^parley: --room: "no such room" is not a room/);
    expect(history.latest).not.toHaveBeenCalled();
    history.latest.mockRejectedValueOnce(new NotFoundError(`no room ${ROOM}`));
    expect((await runCli(['history', '--room', ROOM], api)).err).toBe(`parley: --room: no room "${ROOM}" that you may see\n`);
    history.latest.mockRejectedValueOnce(new ForbiddenError('you may not read the history of room "Standup"'));
    expect((await runCli(['history', '--room', 'engineering/standup'], api)).err).toBe('parley: you may not read the history of room "Standup"\n');
  });

  it('has help with examples', async () => {
    const { out } = await runCli(['history', '--help']);
    expect(out).toMatch(/Examples:\n[\s\S]*parley history --room/);
  });
});

describe('parley search', () => {
  it('searches every readable room by default and prints room, time, author, text and link; paging with --after', async () => {
    const edited = hit(9, { text: 'deploy done\nand more', editCount: 1, alert: true, postedAt: '2026-03-01T09:30:00.000Z' });
    const { api, history } = fakeApi(undefined, { items: [edited, hit(3, { text: '', file: { id: 'f-1', name: 'deploy.log', size: 9, contentType: 'text/plain' } }), hit(2, { story: { title: 'Deploy notes', body: 'x' } })], next: 'czEyMzQ' });
    const { code, out } = await runCli(['search', 'deploy'], api);
    expect(code).toBe(0);
    expect(history.search).toHaveBeenCalledWith({ q: 'deploy', author: undefined, from: undefined, limit: undefined, after: undefined });
    expect(out).toBe(
      [
        `! 2026-03-01 09:30 [Standup] Alice Martin: deploy done (edited)  (parley://room/${ROOM}?seq=9)`,
        `2026-03-01 12:30 [Standup] Alice Martin: [file] deploy.log  (parley://room/${ROOM}?seq=3)`,
        `2026-03-01 12:30 [Standup] Alice Martin: [story] Deploy notes  (parley://room/${ROOM}?seq=2)`,
        'more: --after czEyMzQ',
        '',
      ].join('\n'),
    );
  });

  it('passes room, author, date, page size and cursor; the text goes as written, operators and all', async () => {
    const { api, history } = fakeApi(undefined, { items: [], next: null });
    const text = `'; DROP TABLE -- a & !b | "x"`;
    const { out } = await runCli(['search', text, '--room', 'Engineering/Standup', '--from', 'alice', '--since', '2026-03-01T09:30:00+01:00', '--limit', '100', '--after', 'czEyMzQ'], api);
    expect(out).toBe('no matches\n');
    expect(history.search).toHaveBeenCalledWith({ q: text, room: ROOM, author: 'alice', from: '2026-03-01T09:30:00+01:00', limit: 100, after: 'czEyMzQ' });
    const json = await runCli(['search', 'x', '--since', '2026-03-01', '--json'], api);
    expect(JSON.parse(json.out)).toEqual({ items: [], next: null });
    expect(history.search).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-01' }));
  });

  it('refuses bad input with one line, sending nothing', async () => {
    for (const [args, reason] of [
      [[''], 'TEXT is empty: give words, or "a phrase", to look for'],
      [['   '], 'TEXT is empty: give words, or "a phrase", to look for'],
      [['x'.repeat(257)], 'TEXT is longer than 256 characters'],
      [['x', '--since', 'yesterday'], '--since must be a date like 2026-03-01 (UTC) or an instant with its offset like 2026-03-01T09:30:00Z, got "yesterday"'],
      [['x', '--since', '2026-13-01'], '--since must be a date like 2026-03-01 (UTC) or an instant with its offset like 2026-03-01T09:30:00Z, got "2026-13-01"'],
      [['x', '--since', '2026-03-01T09:30:00'], '--since must be a date like 2026-03-01 (UTC) or an instant with its offset like 2026-03-01T09:30:00Z, got "2026-03-01T09:30:00"'],
      [['x', '--limit', '101'], '--limit must be at most 100, got 101'],
      [['x', '--limit', 'all'], '--limit must be a whole number above 0, got "all"'],
      [['x', '--from', ' '], '--from is empty: give a user name or id'],
      [['x', '--room', 'no such room'], '--room: "no such room" is not a room: give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup'],
      [['x', '--room', 'r-404'], '--room: no room "r-404" (give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup)'],
    ] as const) {
      const { api, history } = fakeApi();
      expect(await runCli(['search', ...args], api)).toMatchObject({ code: 1, out: '', err: `parley: ${reason}\n` });
      expect(history.search).not.toHaveBeenCalled();
    }
    expect((await runCli(['search'], fakeApi().api)).err).toBe("parley: missing required argument 'text'\n");
  });

  it('has help with examples', async () => {
    const { out } = await runCli(['search', '--help']);
    expect(out).toMatch(/Examples:\n[\s\S]*parley search outage/);
  });
});
