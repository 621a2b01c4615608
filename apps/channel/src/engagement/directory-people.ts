import type { Principal } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { People } from '@parley/domain';

/**
 * Who a room's role lists name, for invitations: users named directly, and the members of named
 * groups (nested too). OUs and `everyone` are scopes rather than memberships: they invite nobody.
 * Feeds match only where the room access rules let the user read.
 */
export function directoryPeople(state: DirectoryState): People {
  return {
    *usersNamedBy(principals: readonly Principal[]) {
      const groups = principals.filter((p) => p.kind === 'group');
      for (const p of principals) if (p.kind === 'user' && state.authz.isActive(p.id)) yield p.id;
      if (!groups.length) return;
      for (const userId of state.view.users.keys()) if (state.authz.isActive(userId) && state.authz.matchesAny(userId, groups)) yield userId;
    },
    named: (userId, principals) => state.authz.matchesAny(userId, principals),
    mayRead: (userId, room) => state.rooms.canRead(userId, room),
  };
}
