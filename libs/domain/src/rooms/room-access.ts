import type { Authorizer } from '../directory/authorizer.js';
import type { Room } from './room.js';

/**
 * Who may see, read, join and post in a room, as in Group Chat: open rooms are for everyone in
 * the category's scope; closed and secret rooms for their members (members, managers and
 * presenters, through groups and OUs too); secret rooms are invisible to everyone else; only
 * presenters post in auditoriums; the category's ethical wall and the persistent-chat policy
 * always apply; a disabled room accepts nothing.
 */
export class RoomAccess {
  constructor(private readonly authz: Authorizer) {}

  /** In the category's scope and named by one of the room's role lists. */
  isMember(userId: string, room: Room): boolean {
    if (!this.authz.inScope(userId, room.categoryId)) return false;
    return this.authz.matchesAny(userId, room.members) || this.authz.matchesAny(userId, room.managers) || this.authz.matchesAny(userId, room.presenters);
  }

  /** Appears in directory searches and listings. */
  canSee(userId: string, room: Room): boolean {
    if (room.removed || !this.authz.isActive(userId)) return false;
    if (room.privacy !== 'secret') return this.authz.inScope(userId, room.categoryId) || this.authz.hasRole(userId, 'administrator');
    return this.isMember(userId, room) || this.authz.hasRole(userId, 'administrator');
  }

  /** May read the room's history and search it. */
  canRead(userId: string, room: Room): boolean {
    if (room.removed || !this.authz.chatEnabled(userId) || !this.authz.inScope(userId, room.categoryId)) return false;
    return room.privacy === 'open' || this.isMember(userId, room);
  }

  /** May enter the room and receive its messages live. */
  canJoin(userId: string, room: Room): boolean {
    return !room.disabled && this.canRead(userId, room);
  }

  /** May post in the room. */
  canPost(userId: string, room: Room): boolean {
    if (!this.canJoin(userId, room)) return false;
    return room.roomType === 'normal' || this.authz.matchesAny(userId, room.presenters);
  }
}
