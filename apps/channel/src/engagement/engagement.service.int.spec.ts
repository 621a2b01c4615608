import { NotFoundError, ValidationError } from '@parley/contracts';
import { startNats, until, type TestNats } from '@parley/testing';
import { EngagementWorld } from './test/engagement-world.fixture.js';

describe('engagement on a channel server (real nats-server)', () => {
  let nats: TestNats;
  let world: EngagementWorld;
  const standing = (userId: string, roomId: string) => world.service.unread(userId).find((s) => s.roomId === roomId);

  beforeAll(async () => {
    nats = await startNats();
    world = await EngagementWorld.start(nats.url);
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
    await nats?.stop();
  });

  it('invites new members, tells them live, and keeps invitations and answers across a restart', async () => {
    const room = await world.room({ members: ['alice', 'bob'], by: 'carol' });
    await until(() => world.service.invitations('alice').length === 1);
    expect(world.service.invitations('alice')).toEqual([{ roomId: room, roomName: `Room ${room}`, invitedBy: { id: 'carol', label: 'carol' }, invitedAt: expect.any(String) }]);
    await until(() => world.frames('bob', 'invited').length === 1);
    expect(world.frames('bob', 'invited')[0]).toEqual({ op: 'invited', room, name: `Room ${room}`, invitedBy: 'carol' });
    // The creator is not invited to her own room; nobody is invited where the category says no.
    expect(world.service.invitations('carol')).toEqual([]);
    await world.room({ categoryId: 'plain', members: ['alice'] });
    await world.addMembers(room, ['dan']);
    await until(() => world.service.invitations('dan').length === 1);
    expect(world.service.invitations('alice').map((i) => i.roomId)).toEqual([room]);

    await world.service.execute('alice', { type: 'AcceptInvitation', roomId: room });
    await world.service.execute('bob', { type: 'DeclineInvitation', roomId: room });
    expect(world.service.invitations('alice')).toEqual([]);
    expect(standing('alice', room)).toMatchObject({ following: true, unread: 0 });
    await expect(world.service.execute('bob', { type: 'AcceptInvitation', roomId: room })).rejects.toThrow(NotFoundError);

    await world.restart();
    expect(world.service.invitations('alice')).toEqual([]);
    expect(world.service.invitations('bob')).toEqual([]);
    expect(world.service.invitations('dan').map((i) => i.roomId)).toEqual([room]);
    expect(standing('alice', room)).toMatchObject({ following: true });
    expect(standing('bob', room)).toBeUndefined();
  }, 60_000);

  it('counts unread messages and mentions per followed room, tells every change, and rebuilds the same counts', async () => {
    const room = await world.room({ categoryId: 'plain', privacy: 'open' });
    await world.post(room, 'bob', 'before alice followed');
    await until(() => world.service.fold.room(room)?.seq === 2);
    await world.service.execute('alice', { type: 'FollowRoom', roomId: room });
    expect(standing('alice', room)).toMatchObject({ unread: 0, mentions: 0, following: true });
    await world.post(room, 'bob', 'hello');
    await world.post(room, 'alice', 'my own');
    await world.post(room, 'carol', 'hey @alice', ['alice']);
    await until(() => standing('alice', room)?.unread === 2);
    expect(standing('alice', room)).toMatchObject({ unread: 2, mentions: 1 });
    await until(() => world.frames('alice', 'unread').some((f) => f.op === 'unread' && f.mentions === 1));
    // Dan follows nothing but was mentioned: the room shows up for him too.
    await world.post(room, 'bob', '@dan look', ['dan']);
    await until(() => standing('dan', room)?.mentions === 1);
    expect(standing('dan', room)).toMatchObject({ following: false, unread: 5 });

    const before = world.service.unread('alice');
    await world.restart();
    expect(world.service.unread('alice')).toEqual(before);

    const last = world.service.fold.room(room)!.seq;
    await world.service.execute('alice', { type: 'MarkRead', roomId: room, seq: last });
    expect(standing('alice', room)).toMatchObject({ unread: 0, mentions: 0, readSeq: last });
    expect(world.frames('alice', 'unread').at(-1)).toMatchObject({ op: 'unread', room, unread: 0, mentions: 0, readSeq: last });
  }, 60_000);

  it('keeps the notification level on the server and tells only what it asks for', async () => {
    const room = await world.room({ categoryId: 'plain', privacy: 'open' });
    await until(() => world.service.fold.room(room) !== undefined);
    await world.service.execute('carol', { type: 'FollowRoom', roomId: room });
    await world.service.execute('carol', { type: 'SetNotificationLevel', roomId: room, level: 'mentions' });
    world.told.clear();
    await world.post(room, 'bob', 'nothing for carol');
    await world.post(room, 'bob', 'for @carol', ['carol']);
    await until(() => standing('carol', room)?.mentions === 1);
    await until(() => world.frames('carol', 'unread').length === 1);
    expect(world.frames('carol', 'unread')).toEqual([expect.objectContaining({ unread: 2, mentions: 1, level: 'mentions' })]);
  }, 60_000);

  it('refuses rooms the user may not read and bad read positions, appending nothing', async () => {
    const secret = await world.room({ categoryId: 'plain', members: ['bob'] });
    await until(() => world.service.fold.room(secret) !== undefined);
    const version = world.service.fold.version('carol');
    await expect(world.service.execute('carol', { type: 'FollowRoom', roomId: secret })).rejects.toThrow(NotFoundError);
    await expect(world.service.execute('carol', { type: 'FollowRoom', roomId: 'no-such-room' })).rejects.toThrow(NotFoundError);
    await expect(world.service.execute('bob', { type: 'MarkRead', roomId: secret, seq: 999 })).rejects.toThrow(ValidationError);
    expect(() => world.service.standing('carol', secret)).toThrow(NotFoundError);
    expect(world.service.fold.version('carol')).toEqual(version);
    const { events } = await world.log.read({ kind: 'engagement', id: 'bob' });
    expect(events.some((e) => e.event.type === 'ReadPositionSet' && (e.event.data as { roomId: string }).roomId === secret)).toBe(false);
  }, 60_000);
});
