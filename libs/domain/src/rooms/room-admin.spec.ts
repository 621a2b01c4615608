import { ForbiddenError, NotFoundError } from '@parley/contracts';
import { decideRoomAdmin } from './room-admin.decide.js';
import { RoomAccess } from './room-access.js';
import { createRoom, g, roomWorld, u } from './room.fixture.js';

describe('room administration', () => {
  it('lets a creator create a room in their category, managed by them by default', () => {
    const { room } = roomWorld();
    expect(room('carl', createRoom({ members: [u('mia')] }))).toMatchObject({ name: 'General', managers: [u('carl')], members: [u('mia')] });
  });

  it('refuses creators outside their categories and non-creators anywhere', () => {
    const { ctx } = roomWorld();
    expect(() => decideRoomAdmin(createRoom(), undefined, ctx('mia'))).toThrow(new ForbiddenError('you may not create rooms in category "corp"'));
    expect(() => decideRoomAdmin(createRoom({ categoryId: 'deals' }), undefined, ctx('mia'))).toThrow(ForbiddenError);
    expect(decideRoomAdmin(createRoom({ categoryId: 'deals' }), undefined, ctx('carl'))).toHaveLength(1); // creators inherit downwards
    expect(decideRoomAdmin(createRoom({ categoryId: 'deals' }), undefined, ctx('ada'))).toHaveLength(1);
    expect(() => decideRoomAdmin(createRoom({ categoryId: 'nope' }), undefined, ctx('ada'))).toThrow(new NotFoundError('categoryId: no category "nope"'));
  });

  it('never lets a denied user into a room of the category: directly, through a group, or through an OU', () => {
    const { ctx, room, authz } = roomWorld();
    const deals = (over = {}) => createRoom({ categoryId: 'deals', ...over });
    expect(() => decideRoomAdmin(deals({ members: [u('wally')] }), undefined, ctx('ada'))).toThrow(/members.0: user wally is denied in category "deals"/);
    expect(() => decideRoomAdmin(deals({ members: [g('walled')] }), undefined, ctx('ada'))).toThrow(/members.0: group walled is denied/);
    expect(() => decideRoomAdmin(deals({ managers: [u('lab')] }), undefined, ctx('ada'))).toThrow(/managers.0: user lab is denied/);
    expect(() => decideRoomAdmin(deals({ presenters: [{ kind: 'ou', id: 'OU=Lab, DC=corp' }] }), undefined, ctx('ada'))).toThrow(/presenters.0: ou OU=Lab, DC=corp is denied/);
    // Through a group that merely contains them: the group may join, the walled-off people never get in.
    const r = room('ada', deals({ privacy: 'closed', members: [g('staff')] }))!;
    const access = new RoomAccess(authz);
    expect(access.canJoin('mia', r)).toBe(true);
    expect(access.canJoin('wally', r)).toBe(false);
    expect(access.canJoin('lab', r)).toBe(false);
    // Nor by a later change of roles.
    expect(() => decideRoomAdmin({ type: 'ChangeRoomRoles', role: 'members', add: [u('wally')], remove: [] }, r, ctx('ada'))).toThrow(ForbiddenError);
  });

  it('refuses members outside the category scope, unknown users and groups, and unknown add-ins', () => {
    const { ctx } = roomWorld();
    expect(() => decideRoomAdmin(createRoom({ members: [u('outside')] }), undefined, ctx('ada'))).toThrow(/members.0: user outside is not in the scope of category "corp"/);
    expect(() => decideRoomAdmin(createRoom({ members: [u('ghost')] }), undefined, ctx('ada'))).toThrow(new NotFoundError('members.0: no active user ghost'));
    expect(() => decideRoomAdmin(createRoom({ members: [u('dora')] }), undefined, ctx('ada'))).toThrow(/no active user dora/);
    expect(() => decideRoomAdmin(createRoom({ members: [g('nope')] }), undefined, ctx('ada'))).toThrow(/no active group nope/);
    expect(() => decideRoomAdmin(createRoom({ addinId: 'nope' }), undefined, ctx('ada'))).toThrow(new NotFoundError('addinId: no add-in "nope"'));
    expect(decideRoomAdmin(createRoom({ addinId: 'wiki' }), undefined, ctx('ada'))).toHaveLength(1);
  });

  it('lets managers and administrators manage, and nobody else', () => {
    const { ctx, room } = roomWorld();
    const r = room('carl', createRoom({ managers: [u('mia')] }))!;
    expect(decideRoomAdmin({ type: 'UpdateRoom', changes: { description: 'x' } }, r, ctx('mia'))).toEqual([{ type: 'RoomUpdated', data: { changes: { description: 'x' } } }]);
    expect(decideRoomAdmin({ type: 'DisableRoom' }, r, ctx('ada'))).toEqual([{ type: 'RoomDisabled', data: {} }]);
    expect(() => decideRoomAdmin({ type: 'DisableRoom' }, r, ctx('carl'))).toThrow(/only the managers of room "General" and administrators/);
    expect(() => decideRoomAdmin({ type: 'ChangeRoomRoles', role: 'managers', add: [], remove: [u('mia')] }, r, ctx('mia'))).toThrow(/cannot remove the last manager/);
    expect(decideRoomAdmin({ type: 'UpdateRoom', changes: { description: '' } }, r, ctx('mia'))).toEqual([]);
  });

  it('treats a removed room as gone', () => {
    const { ctx, room } = roomWorld();
    const r = room('ada', createRoom(), { type: 'RemoveRoom' })!;
    expect(r.removed).toBe(true);
    expect(() => decideRoomAdmin({ type: 'EnableRoom' }, r, ctx('ada'))).toThrow(NotFoundError);
  });
});
