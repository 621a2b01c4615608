import type { EngagementUpdate, FeedItem } from '@parley/sdk';
import { addOlderFeed, applyEngagement, emptyEngagement, FEED_KEPT, type EngagementState } from './engagement-state.js';

const names = new Map([['r1', 'Launch']]);
const roomName = (id: string) => names.get(id);
const unread = (room: string, counts: { unread: number; mentions?: number; following?: boolean; readSeq?: number }) =>
  ({ type: 'unread', room, unread: counts.unread, mentions: counts.mentions ?? 0, readSeq: counts.readSeq ?? 0, lastSeq: 9, level: 'all', following: counts.following ?? true }) as const;
const feedFrame = (room: string, seq: number, alert = true): EngagementUpdate => ({
  type: 'feed',
  room,
  seq,
  author: 'bob',
  text: `outage ${seq}`,
  filters: ['f1'],
  alert,
  occurredAt: '2026-03-01T09:30:00.000Z',
  link: `parley://room/${room}?seq=${seq}`,
});
const item = (seq: number): FeedItem => ({ roomId: 'r1', roomName: 'Launch', seq, author: { id: 'u1', label: 'bob' }, text: `t${seq}`, filterIds: [], alert: false, occurredAt: '2026-03-01T09:00:00.000Z', link: '' });

describe('the engagement state of the web client', () => {
  it('keeps the counts of followed rooms and of rooms with mentions, and drops a room that is neither', () => {
    let state: EngagementState = applyEngagement(emptyEngagement, unread('r1', { unread: 2, mentions: 1 }), roomName);
    expect(state.standings.get('r1')).toMatchObject({ roomName: 'Launch', unread: 2, mentions: 1 });
    state = applyEngagement(state, unread('r2', { unread: 1, mentions: 1, following: false }), roomName);
    expect(state.standings.get('r2')).toMatchObject({ roomName: 'r2', following: false });
    state = applyEngagement(state, unread('r2', { unread: 0, mentions: 0, following: false, readSeq: 9 }), roomName);
    expect([...state.standings.keys()]).toEqual(['r1']);
    state = applyEngagement(state, unread('r1', { unread: 0, readSeq: 9 }), () => undefined);
    expect(state.standings.get('r1')).toMatchObject({ roomName: 'Launch', unread: 0, readSeq: 9 });
  });

  it('lists an invitation once, however often it is announced', () => {
    const frame = { type: 'invited', room: 'r3', name: 'War room', invitedBy: 'admin' } as const;
    const state = applyEngagement(applyEngagement(emptyEngagement, frame, roomName), frame, roomName);
    expect(state.invitations).toEqual([expect.objectContaining({ roomId: 'r3', roomName: 'War room', invitedBy: { id: '', label: 'admin' } })]);
  });

  it('puts live matches first, once each, counts the alerts among them, and keeps a bounded number', () => {
    let state = applyEngagement(emptyEngagement, feedFrame('r1', 4), roomName);
    state = applyEngagement(state, feedFrame('r1', 4), roomName);
    state = applyEngagement(state, feedFrame('r9', 5, false), roomName);
    expect(state.feed.map((f) => [f.roomName, f.seq])).toEqual([
      ['a room', 5],
      ['Launch', 4],
    ]);
    expect(state.newAlerts).toBe(1);
    for (let seq = 10; seq < 10 + FEED_KEPT; seq++) state = applyEngagement(state, feedFrame('r1', seq, false), roomName);
    expect(state.feed).toHaveLength(FEED_KEPT);
    expect(state.feed[0]!.seq).toBe(9 + FEED_KEPT);
  });

  it('adds older pages after what is shown, without repeating a match', () => {
    const state = addOlderFeed({ ...emptyEngagement, feed: [item(9), item(8)] }, { items: [item(8), item(7)], next: 7 });
    expect(state.feed.map((f) => f.seq)).toEqual([9, 8, 7]);
    expect(state.feedNext).toBe(7);
  });
});
