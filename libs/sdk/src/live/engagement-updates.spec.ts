import type { EngagementUpdate, LiveUpdate } from './live.types.js';
import { LiveFeed } from './live-feed.js';

describe('engagement frames on a live session', () => {
  it('hands unread, invited and feed frames to onEngagement listeners, never to room updates', async () => {
    const broken = jest.fn();
    const feed = new LiveFeed(() => undefined, broken);
    const heard: EngagementUpdate[] = [];
    feed.engagementListeners.add((u) => heard.push(u));
    feed.frame(JSON.stringify({ op: 'unread', room: 'r1', unread: 2, mentions: 1, readSeq: 4, lastSeq: 6, level: 'all', following: true }));
    feed.frame(JSON.stringify({ op: 'invited', room: 'r2', name: 'Launch', invitedBy: 'admin' }));
    feed.frame(JSON.stringify({ op: 'feed', room: 'r1', seq: 6, author: 'bob', text: 'outage', filters: ['f1'], alert: true, occurredAt: '2026-03-01T09:30:00.000Z', link: 'parley://room/r1?seq=6' }));
    expect(heard.map((u) => u.type)).toEqual(['unread', 'invited', 'feed']);
    expect(heard[0]).toEqual({ type: 'unread', room: 'r1', unread: 2, mentions: 1, readSeq: 4, lastSeq: 6, level: 'all', following: true });
    feed.updates.end();
    const updates: LiveUpdate[] = [];
    for await (const u of feed.updates) updates.push(u);
    expect(updates).toEqual([]);
    expect(broken).not.toHaveBeenCalled();
  });

  it('treats a malformed engagement frame as a broken session', () => {
    const broken = jest.fn();
    new LiveFeed(() => undefined, broken).frame(JSON.stringify({ op: 'unread', room: 'r1', unread: -1 }));
    expect(broken).toHaveBeenCalledWith(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
