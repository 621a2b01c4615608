import { ForbiddenError, NotFoundError } from '@parley/contracts';
import { RoomAccess } from './room-access.js';
import { decideRoomMessage, mentionsIn, type RoomMessageCommand } from './room-messages.decide.js';
import { createRoom, roomWorld, u } from './room.fixture.js';

describe('posting, editing and redacting', () => {
  const world = roomWorld();
  const access = new RoomAccess(world.authz);
  const messages = new Map([[7, { authorId: 'mia', redacted: false }], [8, { authorId: 'pete', redacted: true }]]);
  const ctx = (actorId: string) => ({ actorId, authz: world.authz, access, messages: { author: (seq: number) => messages.get(seq) }, userIdByName: (n: string) => world.view.userIdByName(n) });
  const post: RoomMessageCommand = { type: 'PostMessage', clientMsgId: 'c1', text: 'hello @pete and @nobody, cc @Mia.', alert: false, story: null };
  const room = world.room('ada', createRoom({ members: [u('mia'), u('pete')], managers: [u('carl')] }))!;

  it('posts with the mentions it can resolve', () => {
    expect(decideRoomMessage(post, room, ctx('mia'))).toEqual([
      { type: 'MessagePosted', data: { clientMsgId: 'c1', text: post.type === 'PostMessage' ? post.text : '', alert: false, story: null, mentions: ['pete', 'mia'] } },
    ]);
  });

  it('lets only presenters post in an auditorium', () => {
    const auditorium = world.room('ada', createRoom({ roomType: 'auditorium', presenters: [u('nina')] }))!;
    expect(() => decideRoomMessage(post, auditorium, ctx('mia'))).toThrow('only presenters post in the auditorium "General"');
    expect(decideRoomMessage(post, auditorium, ctx('nina'))).toHaveLength(1);
  });

  it('accepts nothing in a disabled room, and nothing from outsiders', () => {
    expect(() => decideRoomMessage(post, { ...room, disabled: true }, ctx('mia'))).toThrow('room "General" is disabled');
    expect(() => decideRoomMessage(post, { ...room, privacy: 'closed' }, ctx('nina'))).toThrow(ForbiddenError);
    expect(() => decideRoomMessage(post, undefined, ctx('mia'))).toThrow(NotFoundError);
  });

  it('lets authors edit, authors and managers redact, and nobody touch a redacted message', () => {
    expect(decideRoomMessage({ type: 'EditMessage', messageSeq: 7, text: 'fixed' }, room, ctx('mia'))).toHaveLength(1);
    expect(() => decideRoomMessage({ type: 'EditMessage', messageSeq: 7, text: 'x' }, room, ctx('pete'))).toThrow('only the author may edit a message');
    expect(decideRoomMessage({ type: 'RedactMessage', messageSeq: 7, reason: null }, room, ctx('carl'))).toHaveLength(1);
    expect(() => decideRoomMessage({ type: 'RedactMessage', messageSeq: 7, reason: null }, room, ctx('pete'))).toThrow(ForbiddenError);
    expect(() => decideRoomMessage({ type: 'EditMessage', messageSeq: 8, text: 'x' }, room, ctx('pete'))).toThrow('messageSeq: message 8 was redacted');
    expect(() => decideRoomMessage({ type: 'EditMessage', messageSeq: 99, text: 'x' }, room, ctx('mia'))).toThrow(/messageSeq: no message 99/);
  });

  it('finds mentions at word starts only, not in e-mail addresses', () => {
    expect(mentionsIn('mail mia@example.com or @pete', { userIdByName: (n) => (n === 'pete' ? 'p1' : n === 'example.com' ? 'x' : undefined) })).toEqual(['p1']);
  });

  it('reaches a group’s members with @group and the people in the room with @here, only those who may read it', () => {
    const directory = {
      userIdByName: (n: string) => (n === 'pete' ? 'pete' : undefined),
      usersOfGroupNamed: (n: string) => (n === 'ops' ? ['mia', 'outsider', 'pete'] : undefined),
      present: () => ['carl', 'mia'],
    };
    const mayRead = (id: string) => id !== 'outsider';
    expect(mentionsIn('@ops: the build is red', directory, mayRead)).toEqual(['mia', 'pete']);
    expect(mentionsIn('@here and @Here, lunch?', directory, mayRead)).toEqual(['carl', 'mia']);
    expect(mentionsIn('@nobody @pete', directory, mayRead)).toEqual(['pete']);
    // Without presence or groups (another caller), only users.
    expect(mentionsIn('@here @ops @pete', { userIdByName: directory.userIdByName })).toEqual(['pete']);
  });

  it('keeps a message’s mentions bounded: 100 named users, 1,000 in all', () => {
    const userIdByName = (n: string) => n;
    expect(mentionsIn(Array.from({ length: 150 }, (_, i) => `@u${i}`).join(' '), { userIdByName })).toHaveLength(100);
    const everyone = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
    expect(mentionsIn('@all-hands', { userIdByName: () => undefined, usersOfGroupNamed: () => everyone })).toHaveLength(1_000);
  });

  it('puts the people of @here and @group who may read the room into the post’s mentions', () => {
    const withPeople = { ...ctx('mia'), usersOfGroupNamed: (n: string) => (n === 'crew' ? ['pete', 'outside'] : undefined), present: () => ['carl'] };
    const [posted] = decideRoomMessage({ ...post, text: '@crew @here deploy at five' } as RoomMessageCommand, room, withPeople);
    expect(posted).toMatchObject({ data: { mentions: ['pete', 'carl'] } });
  });
});
