import type { ParleyEvent } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import { LiveRoom } from './live-room.js';

let streamSeq = 0;
const stored = (seq: number, type: string, data: object): StoredEvent =>
  ({
    event: { id: `e${seq}`, type, v: 1, aggregateId: 'r1', seq, actor: { kind: 'user', id: 'alice' }, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', data } as unknown as ParleyEvent,
    streamSeq: ++streamSeq,
    subject: 'chat.room.r1',
  }) as StoredEvent;

const created = stored(1, 'RoomCreated', {
  categoryId: 'cat',
  name: 'R',
  description: '',
  privacy: 'open',
  roomType: 'normal',
  invitations: 'inherit',
  addinId: null,
  disclaimer: '',
  members: [],
  managers: [],
  presenters: [],
});
const post = (seq: number, text: string) => stored(seq, 'MessagePosted', { clientMsgId: text, text, alert: false, story: null, mentions: [] });

describe('LiveRoom backchat', () => {
  it('keeps none while the room’s category keeps no chat history, and none of what was said then', () => {
    let logged = true;
    const room = new LiveRoom('r1', () => 30, (categoryId) => categoryId === 'cat' && logged, () => undefined);
    room.apply(created);
    room.apply(post(2, 'on the record'));
    logged = false;
    room.apply(post(3, 'off the record'));
    expect(room.backchatSnapshot()).toEqual([]);
    logged = true;
    expect(room.backchatSnapshot().map((e) => (e.data as { text: string }).text)).toEqual(['on the record']);
    // Edits and resends still work from what the room remembers, logged or not.
    expect(room.postedAs('alice', 'off the record')).toBe(3);
  });

  it('names the author of each event it hands to sessions, when the directory knows them', () => {
    const names = new Map([['alice', 'Alice Liddell']]);
    const room = new LiveRoom('r1', () => 30, () => true, (id) => names.get(id));
    room.apply(created);
    room.apply(post(2, 'hello'));
    expect(room.backchatSnapshot().map((e) => e.actor)).toEqual([{ kind: 'user', id: 'alice', name: 'Alice Liddell' }]);
    names.clear();
    room.apply(post(3, 'again'));
    // Unknown to the directory (removed, say): the id alone, as before.
    expect(room.eventsAfter(2)!.map((e) => e.actor)).toEqual([{ kind: 'user', id: 'alice' }]);
  });
});
