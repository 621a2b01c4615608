import { ConflictError, NotFoundError, ValidationError, type ParleyEvent, type Principal } from '@parley/contracts';
import { stored } from '../test-events.fixture.js';
import { decideEngagement, type EngagementCommand } from './engagement.decide.js';
import { EngagementState, type People } from './engagement-state.js';

const groups: Record<string, string[]> = { sales: ['sam', 'sue'] };
const people: People = {
  usersNamedBy: (principals) => principals.flatMap((p) => (p.kind === 'user' ? [p.id] : p.kind === 'group' ? (groups[p.id] ?? []) : [])),
  named: (userId, principals) => principals.some((p) => (p.kind === 'user' ? p.id === userId : p.kind === 'group' && (groups[p.id] ?? []).includes(userId))),
  // Closed rooms are for the users they name; `outside` reads nothing.
  mayRead: (userId, room) => userId !== 'outside' && (room.privacy === 'open' || room.members.some((p) => p.kind === 'user' && p.id === userId)),
};
const u = (id: string): Principal => ({ kind: 'user', id });

function world(invitations = true) {
  const state = new EngagementState(people);
  let streamSeq = 0;
  const given = (events: ParleyEvent[]) => events.flatMap((e) => state.apply(e, ++streamSeq));
  given(
    stored<'category'>('tree', [
      { type: 'CategoryCreated', data: { categoryId: 'corp', parentId: null, name: 'corp', description: '', settings: { invitations, fileUpload: true, chatHistory: true }, allowed: [], denied: [], creators: [] } },
    ]),
  );
  const room = (id: string, members: Principal[], roomInvitations: 'inherit' | 'off' = 'inherit') =>
    given(
      stored<'room'>(id, [
        {
          type: 'RoomCreated',
          data: { categoryId: 'corp', name: id, description: '', privacy: 'closed', roomType: 'normal', invitations: roomInvitations, addinId: null, disclaimer: '', members, managers: [], presenters: [] },
        },
      ]).map((e) => ({ ...e, actor: { kind: 'user' as const, id: 'carl' } })),
    );
  const post = (roomId: string, author: string, mentions: string[] = [], text = 'hi') =>
    given(
      stored<'room'>(roomId, [{ type: 'MessagePosted', data: { clientMsgId: `m${++streamSeq}`, text, alert: false, story: null, mentions } }]).map((e) => ({
        ...e,
        actor: { kind: 'user' as const, id: author },
      })),
    );
  const readable = (userId: string) => (roomId: string) => {
    const room = state.room(roomId);
    return !!room && people.mayRead(userId, room);
  };
  const when = (userId: string, command: EngagementCommand, mayRead: (roomId: string) => boolean = command.type === 'AddFeedFilter' ? readable(userId) : () => true) => {
    const decided = decideEngagement(state, userId, command, { mayRead, latestSeq: () => 0 });
    return given(stored<'engagement'>(userId, decided));
  };
  return { state, given, room, post, when };
}

describe('invitations', () => {
  it('invites each new member of a room, not its creator, and lists them until answered', () => {
    const { state, room, when } = world();
    const changes = room('r1', [u('carl'), u('mia'), { kind: 'group', id: 'sales' }]);
    expect(changes).toEqual(['mia', 'sam', 'sue'].map((userId) => ({ kind: 'invited', userId, roomId: 'r1' })));
    expect(state.pendingInvitations('mia')).toEqual([{ roomId: 'r1', invitedBy: 'carl', invitedAt: '2026-01-01T00:00:00.000Z' }]);
    when('mia', { type: 'AcceptInvitation', roomId: 'r1' });
    expect(state.pendingInvitations('mia')).toEqual([]);
    expect(state.isFollowing('mia', 'r1')).toBe(true);
    when('sam', { type: 'DeclineInvitation', roomId: 'r1' });
    expect(state.pendingInvitations('sam')).toEqual([]);
    expect(state.isFollowing('sam', 'r1')).toBe(false);
    expect(() => when('sam', { type: 'AcceptInvitation', roomId: 'r1' })).toThrow(NotFoundError);
  });

  it('invites members added later, once, and nobody when the category or the room turns invitations off', () => {
    const { state, given, room } = world();
    room('r1', [u('mia')]);
    const added = given(stored<'room'>('r1', [{ type: 'RoomRolesChanged', data: { role: 'members', added: [u('mia'), u('pete')], removed: [] } }]));
    expect(added).toEqual([{ kind: 'invited', userId: 'pete', roomId: 'r1' }]);
    room('quiet', [u('nina')], 'off');
    expect(state.pendingInvitations('nina')).toEqual([]);
    const off = world(false);
    off.room('r2', [u('nina')]);
    expect(off.state.pendingInvitations('nina')).toEqual([]);
  });
});

describe('followed rooms, read positions and mentions', () => {
  it('counts what others posted after the read position, and the mentions among them', () => {
    const { state, room, post, when } = world(false);
    room('r1', [u('mia'), u('pete')]);
    post('r1', 'pete');
    when('mia', { type: 'FollowRoom', roomId: 'r1' });
    expect(state.standing('mia', 'r1')).toMatchObject({ unread: 0, mentions: 0, readSeq: state.room('r1')!.seq, following: true });
    expect(post('r1', 'pete')).toEqual([{ kind: 'standing', userId: 'mia', roomId: 'r1' }]);
    post('r1', 'mia');
    post('r1', 'pete', ['mia', 'pete']);
    expect(state.standing('mia', 'r1')).toMatchObject({ unread: 2, mentions: 1 });
    expect(state.standing('pete', 'r1')).toMatchObject({ unread: 1, mentions: 0, following: false });
    when('mia', { type: 'MarkRead', roomId: 'r1', seq: state.room('r1')!.seq });
    expect(state.standing('mia', 'r1')).toMatchObject({ unread: 0, mentions: 0 });
    // Reading back changes nothing.
    expect(when('mia', { type: 'MarkRead', roomId: 'r1', seq: 1 })).toEqual([]);
  });

  it('notifies by level: all, mentions only, none', () => {
    const { room, post, when } = world(false);
    room('r1', []);
    when('mia', { type: 'FollowRoom', roomId: 'r1' });
    when('mia', { type: 'SetNotificationLevel', roomId: 'r1', level: 'mentions' });
    expect(post('r1', 'pete')).toEqual([]);
    expect(post('r1', 'pete', ['mia'])).toEqual([{ kind: 'standing', userId: 'mia', roomId: 'r1' }]);
    when('mia', { type: 'SetNotificationLevel', roomId: 'r1', level: 'none' });
    expect(post('r1', 'pete', ['mia'])).toEqual([]);
  });

  it('refuses rooms the user may not read, and read positions past the room', () => {
    const { state, room, when } = world(false);
    room('r1', []);
    expect(() => when('mia', { type: 'FollowRoom', roomId: 'r1' }, () => false)).toThrow(NotFoundError);
    expect(() => when('mia', { type: 'FollowRoom', roomId: 'nowhere' })).toThrow(NotFoundError);
    expect(() => when('mia', { type: 'MarkRead', roomId: 'r1', seq: 99 })).toThrow(ValidationError);
    expect(state.followed('mia')).toEqual([]);
    expect(state.version('mia').seq).toBe(0);
  });

  it('unfollows without losing the read position, and skips its own events delivered twice', () => {
    const { state, given, room, when } = world(false);
    room('r1', []);
    const events = stored<'engagement'>('mia', decideEngagement(state, 'mia', { type: 'FollowRoom', roomId: 'r1' }, { mayRead: () => true, latestSeq: () => 0 }));
    given(events);
    expect(events.flatMap((e) => state.apply(e, 999))).toEqual([]);
    when('mia', { type: 'UnfollowRoom', roomId: 'r1' });
    expect(state.followed('mia')).toEqual([]);
    expect(state.readPosition('mia', 'r1')).toBe(state.room('r1')!.seq);
    expect(when('mia', { type: 'UnfollowRoom', roomId: 'r1' })).toEqual([]);
  });
});

describe('topic feeds', () => {
  const filter = (filterId: string, terms: string[], more: Partial<{ from: string[]; rooms: string[]; mode: 'alert' | 'quiet' }> = {}) => ({
    type: 'AddFeedFilter' as const,
    filter: { filterId, name: filterId, terms, from: more.from ?? [], rooms: more.rooms ?? [], mode: more.mode ?? 'alert' },
  });

  it('matches keywords and phrases as whole words across rooms, by author and room, and never where the user may not read', () => {
    const { state, given, room, post, when } = world(false);
    given(stored<'room'>('open1', [{ type: 'RoomCreated', data: { categoryId: 'corp', name: 'open1', description: '', privacy: 'open', roomType: 'normal', invitations: 'off', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] } }]));
    room('closed1', [u('pete')]);
    when('mia', filter('launch', ['Launch date', 'rocket']));
    when('mia', filter('boss', [], { from: ['carl'], mode: 'quiet' }));
    when('outside', filter('spy', ['rocket']));
    when('pete', filter('only-open', ['rocket'], { rooms: ['open1'] }));
    expect(post('open1', 'pete', [], 'The LAUNCH date moved!')).toEqual([expect.objectContaining({ kind: 'feed', userId: 'mia', roomId: 'open1' })]);
    expect(post('open1', 'pete', [], 'launch is on a date')).toEqual([]); // not the phrase
    expect(post('open1', 'pete', [], 'rockets')).toEqual([]); // not the word
    const rocket = post('open1', 'carl', [], 'rocket ready');
    expect(rocket.map((c) => c.userId).sort()).toEqual(['mia', 'pete']);
    expect(rocket.find((c) => c.userId === 'mia')).toMatchObject({ match: { filterIds: expect.arrayContaining(['launch', 'boss']), alert: true } });
    // A closed room mia is not in: no match for her; pete's filter is for open1 only.
    expect(post('closed1', 'carl', [], 'rocket in the closed room')).toEqual([]);
    expect(state.feed('mia').map((m) => m.text)).toEqual(['rocket ready', 'The LAUNCH date moved!']);
    const [newest] = state.feed('mia');
    expect(state.feed('mia', newest!.position).map((m) => m.text)).toEqual(['The LAUNCH date moved!']);
  });

  it('drops redacted messages from feeds, and stops matching removed filters', () => {
    const { state, given, post, when } = world(false);
    given(stored<'room'>('open1', [{ type: 'RoomCreated', data: { categoryId: 'corp', name: 'open1', description: '', privacy: 'open', roomType: 'normal', invitations: 'off', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] } }]));
    when('mia', filter('f1', ['budget']));
    post('open1', 'pete', [], 'budget draft');
    const seq = state.room('open1')!.seq;
    given(stored<'room'>('open1', [{ type: 'MessageRedacted', data: { messageSeq: seq, reason: null } }]));
    expect(state.feed('mia')).toEqual([]);
    when('mia', { type: 'RemoveFeedFilter', filterId: 'f1' });
    expect(post('open1', 'pete', [], 'budget final')).toEqual([]);
    expect(() => when('mia', { type: 'RemoveFeedFilter', filterId: 'f1' })).toThrow(NotFoundError);
  });

  it('refuses rooms the user may not read and duplicate filter ids', () => {
    const { room, when } = world(false);
    room('closed1', [u('pete')]);
    expect(() => when('mia', filter('f', ['x'], { rooms: ['closed1'] }))).toThrow(NotFoundError);
    when('mia', filter('f', ['x']));
    expect(() => when('mia', filter('f', ['y']))).toThrow(ConflictError);
  });
});
