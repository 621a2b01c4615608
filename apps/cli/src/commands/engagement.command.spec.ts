import { NotFoundError } from '@parley/contracts';
import type { EngagementUpdate, LiveClientOptions, RoomStanding } from '@parley/sdk';
import type { LiveSession } from '../context.js';
import { runCli } from '../cli.fixture.js';

const standing: RoomStanding = { roomId: 'r-1', roomName: 'Standup', unread: 3, mentions: 1, readSeq: 10, lastSeq: 14, level: 'all', following: true };
const filter = { id: 'f-1', name: 'outages', terms: ['outage', 'rollback plan'], from: [{ id: 'u-carl', label: 'carl' }], rooms: [], mode: 'alert' as const };
const match = { roomId: 'r-1', roomName: 'Standup', seq: 12, author: { id: 'u-bob', label: 'bob' }, text: 'outage on the API', filterIds: ['f-1'], alert: true, occurredAt: '2026-03-01T09:30:00.000Z', link: 'parley://room/r-1?seq=12' };

function fakeApi() {
  const engagement = {
    invitations: jest.fn(() => Promise.resolve([{ roomId: 'r-2', roomName: 'Launch', invitedBy: { id: 'u-admin', label: 'admin' }, invitedAt: '2026-03-01T09:00:00.000Z' }])),
    accept: jest.fn(() => Promise.resolve({ ...standing, roomId: 'r-2', roomName: 'Launch', unread: 0, mentions: 0 })),
    decline: jest.fn(() => Promise.resolve()),
    follow: jest.fn(() => Promise.resolve(standing)),
    unfollow: jest.fn(() => Promise.resolve()),
    setNotifications: jest.fn(() => Promise.resolve({ ...standing, level: 'mentions' })),
    unread: jest.fn(() => Promise.resolve([standing])),
    markRead: jest.fn(() => Promise.resolve({ ...standing, unread: 0, mentions: 0, readSeq: 14 })),
    feedFilters: jest.fn(() => Promise.resolve([filter])),
    addFeedFilter: jest.fn(() => Promise.resolve(filter)),
    removeFeedFilter: jest.fn(() => Promise.resolve()),
    feed: jest.fn(() => Promise.resolve({ items: [match], next: 7 })),
  };
  const engagementAt = jest.fn((_url: string) => engagement);
  return { api: { endpoints: jest.fn(() => Promise.resolve({ channel: 'http://channel.test' })), engagement: engagementAt, liveChannel: () => () => Promise.resolve('http://channel.test') }, engagement, engagementAt };
}

describe('parley invites, follow, unread and feed', () => {
  it('invites list, accept and decline on the channel the server names', async () => {
    const { api, engagement, engagementAt } = fakeApi();
    expect((await runCli(['invites', 'list'], api)).out).toMatch(/^ROOM\s+INVITED BY\s+AT\s+ID\nLaunch\s+admin\s+2026-03-01T09:00:00.000Z\s+r-2\n$/);
    expect(engagementAt).toHaveBeenCalledWith('http://channel.test');
    expect((await runCli(['invites', 'accept', 'parley://room/r-2'], api)).out).toContain('accepted: you follow Launch');
    expect(engagement.accept).toHaveBeenCalledWith('r-2');
    expect((await runCli(['invites', 'decline', 'r-2', '--json'], api)).out).toBe('{\n  "declined": "r-2"\n}\n');
    expect(engagement.decline).toHaveBeenCalledWith('r-2');
  });

  it('follow (with a notification level), unfollow, and unread with --mark-read', async () => {
    const { api, engagement, engagementAt } = fakeApi();
    const followed = await runCli(['follow', 'r-1', '--notify', 'mentions', '--channel', 'http://other.test'], api);
    expect(followed.code).toBe(0);
    expect(engagementAt).toHaveBeenCalledWith('http://other.test');
    expect(engagement.setNotifications).toHaveBeenCalledWith('r-1', 'mentions');
    expect(followed.out).toMatch(/Standup\s+3\s+1\s+mentions\s+yes\s+r-1/);
    expect((await runCli(['follow', 'r-1', '--notify', 'loud'], api)).code).toBe(1);
    expect((await runCli(['unfollow', 'r-1'], api)).out).toBe('no longer following r-1\n');
    const unread = await runCli(['unread', '--mark-read', 'r-1'], api);
    expect(engagement.markRead).toHaveBeenCalledWith('r-1', 14);
    expect(unread.out).toMatch(/^ROOM\s+UNREAD\s+MENTIONS\s+NOTIFY\s+FOLLOWING\s+ID\n/);
  });

  it('feed add, list (filters and matches), remove; a server refusal is one line', async () => {
    const { api, engagement } = fakeApi();
    const added = await runCli(['feed', 'add', 'outages', '--term', 'outage', '--term', 'rollback plan', '--from', 'carl', '--mode', 'quiet', '--room', 'r-1'], api);
    expect(added.code).toBe(0);
    expect(engagement.addFeedFilter).toHaveBeenCalledWith({ name: 'outages', terms: ['outage', 'rollback plan'], from: ['carl'], rooms: ['r-1'], mode: 'quiet' });
    expect((await runCli(['feed', 'list'], api)).out).toMatch(/outages\s+"outage", "rollback plan"\s+carl\s+everywhere\s+alert\s+f-1/);
    const matches = await runCli(['feed', 'list', '--matches', '--limit', '5', '--before', '9'], api);
    expect(engagement.feed).toHaveBeenCalledWith({ limit: 5, before: 9 });
    expect(matches.out).toBe('! 2026-03-01 09:30 [Standup] bob: outage on the API  (parley://room/r-1?seq=12)\nmore: --before 7\n');
    expect((await runCli(['feed', 'remove', 'f-1'], api)).out).toBe('removed feed filter f-1\n');
    engagement.removeFeedFilter.mockRejectedValueOnce(new NotFoundError('feed filter: no filter f-9'));
    expect((await runCli(['feed', 'remove', 'f-9'], api)).err).toBe('parley: feed filter: no filter f-9\n');
  });

  it('feed tail prints feed matches as they come, until interrupted', async () => {
    const { api } = fakeApi();
    let listener: ((update: EngagementUpdate) => void) | undefined;
    let stop = () => undefined as void;
    const interrupted = new Promise<void>((resolve) => (stop = resolve));
    const live = {
      user: { id: 'u-me', name: 'me' },
      onEngagement: jest.fn((l: (update: EngagementUpdate) => void) => {
        listener = l;
        setImmediate(() => {
          l({ type: 'unread', room: 'r-1', unread: 1, mentions: 0, readSeq: 0, lastSeq: 1, level: 'all', following: true });
          l({ type: 'feed', room: 'r-1', seq: 12, author: 'bob', text: 'outage on the API', filters: ['f-1'], alert: false, occurredAt: '2026-03-01T09:30:00.000Z', link: 'parley://room/r-1?seq=12' });
          stop();
        });
        return () => (listener = undefined);
      }),
      updates: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }),
      close: jest.fn(() => Promise.resolve()),
    };
    const open = jest.fn((_options: LiveClientOptions) => Promise.resolve(live as unknown as LiveSession));
    const { code, out } = await runCli(['feed', 'tail'], api, { live: open, interrupted: () => interrupted });
    expect(code).toBe(0);
    expect(out).toBe('2026-03-01 09:30 [r-1] bob: outage on the API  (parley://room/r-1?seq=12)\n');
    expect(live.close).toHaveBeenCalled();
    expect(listener).toBeUndefined();
  });
});
