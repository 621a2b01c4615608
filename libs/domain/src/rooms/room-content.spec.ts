import { ForbiddenError } from '@parley/contracts';
import { decideRoomContent, selectMessages, type CandidateMessage } from './room-content.decide.js';
import { createRoom, roomWorld, u } from './room.fixture.js';

const messages: CandidateMessage[] = [
  { seq: 2, authorId: 'mia', text: 'buy ACME now', gone: false },
  { seq: 3, authorId: 'pete', text: 'acme is a scam', gone: false },
  { seq: 4, authorId: 'mia', text: 'lunch?', gone: false },
  { seq: 5, authorId: 'mia', text: 'acme again', gone: true },
];

describe('removing messages and clearing history', () => {
  const world = roomWorld();
  const room = world.room('ada', createRoom({ members: [u('mia'), u('pete')], managers: [u('carl')] }))!;
  const none = { authorId: null, contains: null, fromSeq: null, toSeq: null };

  it('selects by author, text and range, skipping what is gone', () => {
    expect(selectMessages({ ...none, contains: 'acme' }, messages)).toEqual([2, 3]);
    expect(selectMessages({ ...none, authorId: 'mia' }, messages)).toEqual([2, 4]);
    expect(selectMessages({ ...none, fromSeq: 3, toSeq: 4 }, messages)).toEqual([3, 4]);
  });

  it('lets managers remove by filter, with the filter on record', () => {
    expect(decideRoomContent({ type: 'RemoveMessages', filter: { ...none, contains: 'ACME' }, replacement: '[removed]' }, room, 'carl', world.authz, () => messages)).toEqual([
      { type: 'MessagesRemoved', data: { messageSeqs: [2, 3], replacement: '[removed]', filter: { ...none, contains: 'ACME' } } },
    ]);
    expect(() => decideRoomContent({ type: 'RemoveMessages', filter: { ...none, contains: 'x' }, replacement: '' }, room, 'mia', world.authz, () => messages)).toThrow(ForbiddenError);
    expect(() => decideRoomContent({ type: 'RemoveMessages', filter: none, replacement: '' }, room, 'carl', world.authz, () => messages)).toThrow(/filter: name at least one condition/);
  });

  it('clears history up to a point that exists', () => {
    expect(decideRoomContent({ type: 'ClearHistory', upToSeq: 1 }, room, 'ada', world.authz, () => [])).toEqual([{ type: 'HistoryCleared', data: { upToSeq: 1 } }]);
    expect(() => decideRoomContent({ type: 'ClearHistory', upToSeq: 99 }, room, 'ada', world.authz, () => [])).toThrow(/upToSeq: is after the room's last event/);
  });
});
