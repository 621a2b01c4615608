import type { Room, RoomPrivacy, RoomType } from './room.js';
import { RoomAccess } from './room-access.js';
import { g, roomWorld, u } from './room.fixture.js';

/**
 * The authorisation matrix: privacy × type × role × scope. The room sits in `deals`, whose wall
 * keeps out group `walled` (wally) and the OU of `lab`; wally was made a member before the wall
 * went up, and must still be kept out.
 */
const room = (privacy: RoomPrivacy, roomType: RoomType): Room => ({
  id: 'r1',
  categoryId: 'deals',
  name: 'Deals',
  description: '',
  privacy,
  roomType,
  invitations: 'inherit',
  addinId: null,
  disclaimer: '',
  members: [u('pete'), u('wally'), g('walled')],
  managers: [u('carl')],
  presenters: [u('nina'), u('lab')],
  disabled: false,
  removed: false,
  seq: 1,
});

// see / join / post-in-normal / post-in-auditorium, for open, closed, secret.
type Row = Record<RoomPrivacy, string>;
const matrix: Record<string, Row> = {
  mia: { open: 'SJP-', closed: 'S---', secret: '----' }, // in scope, no role
  pete: { open: 'SJP-', closed: 'SJP-', secret: 'SJP-' }, // member
  carl: { open: 'SJP-', closed: 'SJP-', secret: 'SJP-' }, // manager (not a presenter)
  nina: { open: 'SJPP', closed: 'SJPP', secret: 'SJPP' }, // presenter
  ada: { open: 'SJP-', closed: 'S---', secret: 'S---' }, // administrator, no role
  wally: { open: '----', closed: '----', secret: '----' }, // member, but behind the wall
  lab: { open: '----', closed: '----', secret: '----' }, // presenter, but in a walled OU
  outside: { open: '----', closed: '----', secret: '----' }, // not in the category's scope
  dora: { open: '----', closed: '----', secret: '----' }, // disabled
};

describe('room access matrix', () => {
  const { authz } = roomWorld();
  const access = new RoomAccess(authz);
  for (const [user, row] of Object.entries(matrix)) {
    for (const privacy of ['open', 'closed', 'secret'] as const) {
      it(`${user} in a ${privacy} room: ${row[privacy]}`, () => {
        const normal = room(privacy, 'normal');
        const auditorium = room(privacy, 'auditorium');
        const actual = [
          access.canSee(user, normal) ? 'S' : '-',
          access.canJoin(user, normal) ? 'J' : '-',
          access.canPost(user, normal) ? 'P' : '-',
          access.canPost(user, auditorium) ? 'P' : '-',
        ].join('');
        expect(actual).toBe(row[privacy]);
        expect(access.canJoin(user, auditorium)).toBe(access.canJoin(user, normal));
      });
    }
  }

  it('a disabled room accepts nobody, though members still see it; a removed one is gone', () => {
    const disabled = { ...room('open', 'normal'), disabled: true };
    expect(access.canJoin('pete', disabled)).toBe(false);
    expect(access.canPost('nina', disabled)).toBe(false);
    expect(access.canSee('pete', disabled)).toBe(true);
    expect(access.canSee('ada', { ...room('open', 'normal'), removed: true })).toBe(false);
  });

  it('the persistent-chat policy keeps a user out of every room', () => {
    const { authz: a, view } = roomWorld();
    view.policies.users.set('pete', false);
    expect(new RoomAccess(a).canJoin('pete', room('open', 'normal'))).toBe(false);
  });
});
