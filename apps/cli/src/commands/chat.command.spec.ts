import { ForbiddenError } from '@parley/contracts';
import type { LiveClientOptions, LiveUpdate, WireEvent } from '@parley/sdk';
import { runCli } from '../cli.fixture.js';
import type { LiveSession } from '../context.js';

const message = (seq: number, text: string, extra: Record<string, unknown> = {}, actor = 'u-bob'): WireEvent => ({
  id: `e${seq}`,
  type: 'MessagePosted',
  seq,
  actor: { kind: 'user', id: actor },
  occurredAt: '2026-03-01T09:30:00.000Z',
  data: { clientMsgId: `m${seq}`, text, alert: false, story: null, mentions: [], ...extra },
});
const event = (e: WireEvent, backchat = false): LiveUpdate => ({ type: 'event', room: 'r-1', seq: e.seq, event: e, backchat });
const joined: LiveUpdate = { type: 'joined', resumed: false, room: 'r-1', name: 'Standup', disclaimer: 'Recorded.', seq: 1, presence: [{ userId: 'u-bob', name: 'bob' }], participants: 1 };

/** A live session that hands out `updates` (then, if `stayOpen`, waits until closed) and acknowledges posts with seq 42. */
function fakeLive(updates: LiveUpdate[] = [], stayOpen = false) {
  let closed = () => undefined as void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const live = {
    user: { id: 'u-me', name: 'me' },
    join: jest.fn(() => Promise.resolve({ room: 'r-1', name: 'Standup', disclaimer: '', seq: 1, presence: [], participants: 1 })),
    part: jest.fn(() => Promise.resolve()),
    post: jest.fn(() => Promise.resolve({ room: 'r-1', seq: 42 })),
    updates: () =>
      (async function* () {
        yield* updates;
        if (stayOpen) await whenClosed;
      })(),
    close: jest.fn(() => Promise.resolve(closed())),
  };
  const open = jest.fn((_options: LiveClientOptions) => Promise.resolve(live as unknown as LiveSession));
  return { live, open };
}

const api = () => ({
  endpoints: jest.fn(() => Promise.resolve({ channel: 'http://channel.test' })),
  liveChannel: () => () => Promise.resolve('http://channel.test'),
  users: { get: jest.fn(() => Promise.reject(new ForbiddenError('administrators only'))) },
});

describe('parley post and tail', () => {
  it('post: the text to the room, on the channel the server names; prints the seq', async () => {
    const { live, open } = fakeLive();
    const client = api();
    const { code, out } = await runCli(['post', '--room', 'parley://room/r-1', '--alert', 'Deploy freeze'], client, { live: open });
    expect(code).toBe(0);
    expect(out).toBe('42\n');
    expect(live.post).toHaveBeenCalledWith('r-1', 'Deploy freeze', { alert: true, story: undefined });
    expect(live.close).toHaveBeenCalled();
    const channel = open.mock.calls[0]![0].channel as () => Promise<string>;
    expect(await channel()).toBe('http://channel.test');
  });

  it('post a story: TEXT is its body, read from standard input for "-"; its summary is the first line', async () => {
    const { live, open } = fakeLive();
    const body = '\nFixed the login loop.\nFaster search.\n';
    const { out } = await runCli(['post', '--room', 'r-1', '--story-title', 'Release 4.2', '-', '--channel', 'http://other-channel.test/', '--json'], api(), { live: open, stdin: jest.fn(() => Promise.resolve(body)) });
    expect(live.post).toHaveBeenCalledWith('r-1', 'Fixed the login loop.', { alert: undefined, story: { title: 'Release 4.2', body: '\nFixed the login loop.\nFaster search.' } });
    expect(open.mock.calls[0]![0].channel).toBe('http://other-channel.test');
    expect(JSON.parse(out)).toEqual({ room: 'r-1', seq: 42 });
  });

  it('post refuses an empty standard input and a bad --channel before connecting', async () => {
    const { open } = fakeLive();
    expect((await runCli(['post', '--room', 'r-1', '-'], api(), { live: open })).err).toBe('parley: TEXT is "-" but standard input held no text\n');
    expect((await runCli(['post', '--room', 'r-1', 'hi', '--channel', 'ftp://x'], api(), { live: open })).err).toBe('parley: --channel must be an http:// or https:// URL without query or credentials, got "ftp://x"\n');
    expect(open).not.toHaveBeenCalled();
  });

  it('tail --json: one object per line for room content, none for typing or connection news', async () => {
    const { live, open } = fakeLive([
      joined,
      event(message(1, 'backchat'), true),
      { type: 'disconnected', reason: 'connection lost (code 1006)', attempt: 1, retryInMs: 250 },
      { type: 'reconnected', sessionId: 's2' },
      { type: 'typing', room: 'r-1', user: { userId: 'u-bob', name: 'bob' } },
      event(message(2, 'live')),
    ]);
    const { code, out, err } = await runCli(['tail', '--room', 'r-1', '--json'], api(), { live: open });
    expect(code).toBe(0);
    expect(live.join).toHaveBeenCalledWith('r-1');
    expect(out.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; seq?: number })).toEqual([joined, event(message(1, 'backchat'), true), event(message(2, 'live'))]);
    expect(err).toBe('parley: connection lost (code 1006); reconnecting in 0.3 s\nparley: reconnected\n');
  });

  it('tail for people: names from presence, stories and alerts marked, and a failure when put out of the room', async () => {
    const { open } = fakeLive([
      joined,
      event(message(2, 'hello\nworld')),
      event(message(3, 'fire', { alert: true }, 'u-me')),
      event(message(4, 'summary', { story: { title: 'Notes', body: 'line 1\nline 2' } }, 'u-carol')),
      { type: 'presence', room: 'r-1', joined: { userId: 'u-carol', name: 'carol' }, participants: 2 },
      { type: 'parted', room: 'r-1', reason: 'removed' },
      event(message(5, 'never shown')),
    ]);
    const { code, out, err } = await runCli(['tail', '--room', 'r-1'], api(), { live: open });
    const time = new Date('2026-03-01T09:30:00.000Z').toTimeString().slice(0, 8);
    expect(out).toBe(
      [
        '-- Standup: 1 here (bob)',
        '-- Recorded.',
        `${time} #2 bob: hello`,
        '    world',
        `${time} #3 me: [alert] fire`,
        `${time} #4 u-carol: [story] Notes`,
        '    line 1',
        '    line 2',
        '-- carol came in',
        '-- you are no longer in this room',
        '',
      ].join('\n'),
    );
    expect({ code, err }).toEqual({ code: 1, err: 'parley: out of room r-1: you are no longer in this room\n' });
  });

  it('tail stops cleanly when interrupted', async () => {
    const { live, open } = fakeLive([joined], true);
    const { code, out } = await runCli(['tail', '--room', 'r-1'], api(), { live: open, interrupted: () => Promise.resolve() });
    expect({ code, out }).toEqual({ code: 0, out: '-- Standup: 1 here (bob)\n-- Recorded.\n' });
    expect(live.close).toHaveBeenCalled();
  });
});
