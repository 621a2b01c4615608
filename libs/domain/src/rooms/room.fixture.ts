import type { GroupMember, Principal, RoomEvent } from '@parley/contracts';
import { EMPTY_TREE, evolveTree, type CategoryTree } from '../categories/category-tree.js';
import { decideCategoryTree } from '../categories/category-tree.decide.js';
import { Authorizer } from '../directory/authorizer.js';
import { DirectoryView } from '../directory/directory-view.js';
import { stored } from '../test-events.fixture.js';
import { decideRoomAdmin, type RoomAdminCommand, type RoomAdminContext } from './room-admin.decide.js';
import { evolveRoom, type Room } from './room.js';

export const u = (id: string): Principal => ({ kind: 'user', id });
export const g = (id: string): Principal => ({ kind: 'group', id });

/**
 * A small company: category `corp` (scope: group staff; creators: carl) with sub-category
 * `deals` walling off group `walled` and the OU `ou=lab,dc=corp`; `outside` is not staff.
 */
export function roomWorld() {
  const view = new DirectoryView();
  const people: [string, string | null, boolean][] = [
    ['ada', null, true], // administrator
    ['carl', null, true], // creator in corp
    ['mia', null, true], // staff member
    ['pete', null, true], // staff member
    ['nina', null, true], // staff member
    ['wally', null, true], // staff, but in group walled
    ['lab', 'cn=lab,ou=lab,dc=corp', true], // staff, but in the walled OU
    ['dora', null, false], // staff, disabled
    ['outside', null, true], // not staff
  ];
  const events = [
    ...people.flatMap(([id, dn, enabled]) =>
      stored<'user'>(id, [{ type: 'UserProvisioned', data: { source: 'local', username: id, displayName: id, email: '', externalId: null, dn, ouDn: null, enabled } }]),
    ),
    ...stored<'group'>('walled', [
      { type: 'GroupProvisioned', data: { source: 'local', name: 'walled', description: '', externalId: null, dn: null } },
      { type: 'GroupMembersAdded', data: { members: [{ kind: 'user', id: 'wally' }] } },
    ]),
    ...stored<'group'>('staff', [
      { type: 'GroupProvisioned', data: { source: 'local', name: 'staff', description: '', externalId: null, dn: null } },
      {
        type: 'GroupMembersAdded',
        data: { members: [...['carl', 'mia', 'pete', 'nina', 'dora', 'lab', 'ada'].map((id): GroupMember => ({ kind: 'user', id })), { kind: 'group', id: 'walled' }] },
      },
    ]),
    ...stored<'server'>('config', [{ type: 'RoleGranted', data: { role: 'administrator', principal: { kind: 'user', id: 'ada' } } }]),
  ];
  for (const e of events) view.apply(e);
  let tree: CategoryTree = EMPTY_TREE;
  for (const c of [
    { categoryId: 'corp', parentId: null, allowed: [g('staff')], denied: [], creators: [u('carl')] },
    { categoryId: 'deals', parentId: 'corp', allowed: [], denied: [g('walled'), { kind: 'ou', id: 'ou=lab,dc=corp' } as Principal], creators: [] },
  ]) {
    for (const e of stored<'category'>('tree', decideCategoryTree({ type: 'CreateCategory', name: c.categoryId, description: '', ...c }, tree))) tree = evolveTree(tree, e);
  }
  const authz = new Authorizer(view, () => tree);
  const ctx = (actorId: string): RoomAdminContext => ({ actorId, authz, tree, addinExists: (id) => id === 'wiki' });
  /** Runs admin commands as `actorId` from an empty room, returning the room they leave. */
  const room = (actorId: string, ...commands: RoomAdminCommand[]): Room | undefined => {
    let state: Room | undefined;
    for (const c of commands) for (const e of stored<'room'>('r1', decideRoomAdmin(c, state, ctx(actorId)))) state = evolveRoom(state, e as RoomEvent);
    return state;
  };
  return { view, authz, ctx, room };
}

export const createRoom = (over: Partial<Extract<RoomAdminCommand, { type: 'CreateRoom' }>> = {}): RoomAdminCommand => ({
  type: 'CreateRoom',
  roomId: 'r1',
  categoryId: 'corp',
  name: 'General',
  description: '',
  privacy: 'open',
  roomType: 'normal',
  invitations: 'inherit',
  addinId: null,
  disclaimer: '',
  members: [],
  managers: [],
  presenters: [],
  ...over,
});
