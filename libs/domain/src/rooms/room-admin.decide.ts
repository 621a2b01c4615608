import { ConflictError, ForbiddenError, NotFoundError, ValidationError, principalKey, type Principal, type RoomEvent, type RoomRole } from '@parley/contracts';
import type { CategoryTree } from '../categories/category-tree.js';
import { assertNever, type Decided } from '../decider.js';
import type { Authorizer } from '../directory/authorizer.js';
import type { Room, RoomPrivacy, RoomType } from './room.js';

export interface RoomSettingsInput {
  name: string;
  description: string;
  privacy: RoomPrivacy;
  roomType: RoomType;
  invitations: 'inherit' | 'off';
  addinId: string | null;
  disclaimer: string;
}

export type RoomAdminCommand =
  | ({ type: 'CreateRoom'; roomId: string; categoryId: string; members: Principal[]; managers: Principal[]; presenters: Principal[] } & RoomSettingsInput)
  | { type: 'UpdateRoom'; changes: Partial<RoomSettingsInput> & { categoryId?: string } }
  | { type: 'ChangeRoomRoles'; role: RoomRole; add: Principal[]; remove: Principal[] }
  | { type: 'DisableRoom' }
  | { type: 'EnableRoom' }
  | { type: 'RemoveRoom' };

/** What a room decision reads besides the room: who acts, and the directory, tree and add-ins. */
export interface RoomAdminContext {
  actorId: string;
  authz: Authorizer;
  tree: CategoryTree;
  addinExists(id: string): boolean;
}

type Out = Decided<RoomEvent>[];

/** Room managers and Parley administrators manage a room. */
export function canManageRoom(room: Room, userId: string, authz: Authorizer): boolean {
  return authz.hasRole(userId, 'administrator') || (authz.isActive(userId) && authz.matchesAny(userId, room.managers));
}

/**
 * Principals given a role in a room of `categoryId` must exist, may never be behind the category's
 * ethical wall, and users must be in the category's scope. Groups and OUs may hold walled-off
 * people: those never get in, because access is always checked against the wall as well.
 */
function checkPrincipals(ctx: RoomAdminContext, categoryId: string, field: string, principals: readonly Principal[]): void {
  principals.forEach((p, i) => {
    if (!ctx.authz.principalExists(p)) throw new NotFoundError(`${field}.${i}: no active ${p.kind} ${p.id}`);
    if (ctx.authz.isPrincipalDenied(p, categoryId)) {
      throw new ForbiddenError(`${field}.${i}: ${ctx.authz.describe(p)} is denied in category "${ctx.tree.categories.get(categoryId)?.name}" (an ethical wall)`);
    }
    if (p.kind === 'user' && !ctx.authz.inScope(p.id, categoryId)) {
      throw new ForbiddenError(`${field}.${i}: ${ctx.authz.describe(p)} is not in the scope of category "${ctx.tree.categories.get(categoryId)?.name}"`);
    }
  });
}

function checkAddin(ctx: RoomAdminContext, addinId: string | null | undefined): void {
  if (addinId && !ctx.addinExists(addinId)) throw new NotFoundError(`addinId: no add-in "${addinId}"`);
}

function checkCategory(ctx: RoomAdminContext, categoryId: string): void {
  if (!ctx.tree.categories.has(categoryId)) throw new NotFoundError(`categoryId: no category "${categoryId}"`);
  if (!ctx.authz.canCreateRoom(ctx.actorId, categoryId)) {
    throw new ForbiddenError(`you may not create rooms in category "${ctx.tree.categories.get(categoryId)?.name}"`);
  }
}

/**
 * Decides a room administration command. Name uniqueness per category is the category tree's
 * rule (RegisterRoom), checked by the caller before the room's own events are appended.
 */
export function decideRoomAdmin(command: RoomAdminCommand, room: Room | undefined, ctx: RoomAdminContext): Out {
  if (command.type === 'CreateRoom') {
    if (room) throw new ConflictError(`room ${command.roomId} already exists`);
    checkCategory(ctx, command.categoryId);
    checkAddin(ctx, command.addinId);
    // By default the creator manages the room; an administrator outside the category's scope
    // cannot be a member, and needs no role: administrators manage every room.
    const creatorManages = ctx.authz.inScope(ctx.actorId, command.categoryId);
    const managers = command.managers.length || !creatorManages ? command.managers : [{ kind: 'user', id: ctx.actorId } as Principal];
    checkPrincipals(ctx, command.categoryId, 'members', command.members);
    checkPrincipals(ctx, command.categoryId, 'managers', managers);
    checkPrincipals(ctx, command.categoryId, 'presenters', command.presenters);
    const { type: _type, roomId: _roomId, ...data } = command;
    return [{ type: 'RoomCreated', data: { ...data, name: data.name.trim(), managers } }];
  }
  if (!room || room.removed) throw new NotFoundError('no such room');
  if (!canManageRoom(room, ctx.actorId, ctx.authz)) throw new ForbiddenError(`only the managers of room "${room.name}" and administrators may do that`);
  switch (command.type) {
    case 'UpdateRoom': {
      const changes = Object.fromEntries(Object.entries(command.changes).filter(([k, v]) => v !== undefined && room[k as keyof Room] !== v));
      if (!Object.keys(changes).length) return [];
      if (typeof changes['name'] === 'string') changes['name'] = changes['name'].trim();
      if (command.changes.categoryId !== undefined && command.changes.categoryId !== room.categoryId) {
        checkCategory(ctx, command.changes.categoryId);
        for (const role of ['members', 'managers', 'presenters'] as const) checkPrincipals(ctx, command.changes.categoryId, role, room[role]);
      }
      checkAddin(ctx, command.changes.addinId);
      return [{ type: 'RoomUpdated', data: { changes } }];
    }
    case 'ChangeRoomRoles': {
      const present = new Set(room[command.role].map(principalKey));
      const added = [...new Map(command.add.filter((p) => !present.has(principalKey(p))).map((p) => [principalKey(p), p])).values()];
      const removed = command.remove.filter((p) => present.has(principalKey(p)));
      if (!added.length && !removed.length) return [];
      checkPrincipals(ctx, room.categoryId, command.role, added);
      if (command.role === 'managers' && present.size + added.length - removed.length === 0) {
        throw new ValidationError('a room needs a manager', [{ path: 'managers', message: 'cannot remove the last manager' }]);
      }
      return [{ type: 'RoomRolesChanged', data: { role: command.role, added, removed } }];
    }
    case 'DisableRoom':
      return room.disabled ? [] : [{ type: 'RoomDisabled', data: {} }];
    case 'EnableRoom':
      return room.disabled ? [{ type: 'RoomEnabled', data: {} }] : [];
    case 'RemoveRoom':
      return [{ type: 'RoomRemoved', data: {} }];
    default:
      return assertNever(command);
  }
}
