import { dnWithin, normalizeDn, principalKey, type Principal, type Role } from '@parley/contracts';
import { lineage, type CategoryTree } from '../categories/category-tree.js';
import type { DirectoryView } from './directory-view.js';

/**
 * Group Chat's authorisation questions, answered from the directory view and the category tree.
 * Pure reads; callers hold the current state. All answers are false for unknown, disabled or
 * removed users.
 */
export class Authorizer {
  constructor(
    private readonly directory: DirectoryView,
    private readonly tree: () => CategoryTree,
  ) {}

  /** Does this principal include the user (directly, through nested groups, or by OU)? */
  matches(userId: string, principal: Principal): boolean {
    const user = this.directory.users.get(userId);
    if (!user || user.removed) return false;
    switch (principal.kind) {
      case 'user':
        return principal.id === userId;
      case 'group':
        return this.directory.groupsOf(userId).has(principal.id);
      case 'ou':
        return user.dnKey !== null && dnWithin(user.dnKey, normalizeDn(principal.id));
      case 'everyone':
        return true;
    }
  }

  /** A principal as people read it: `user alice`, `group sales`, `ou OU=Legal,...`, `everyone`. */
  describe(principal: Principal): string {
    switch (principal.kind) {
      case 'user':
        return `user ${this.directory.users.get(principal.id)?.username ?? principal.id}`;
      case 'group':
        return `group ${this.directory.groups.get(principal.id)?.name ?? principal.id}`;
      case 'ou':
        return `ou ${principal.id}`;
      case 'everyone':
        return 'everyone';
    }
  }

  /** A principal that names something Parley knows: an active user, a live group, any OU, everyone. */
  principalExists(principal: Principal): boolean {
    switch (principal.kind) {
      case 'user':
        return this.isActive(principal.id);
      case 'group':
        return this.directory.groups.get(principal.id)?.removed === false;
      case 'ou':
      case 'everyone':
        return true;
    }
  }

  /** Is this principal itself on the category's (or an ancestor's) denied list, or a walled-off user? */
  isPrincipalDenied(principal: Principal, categoryId: string): boolean {
    if (principal.kind === 'user' && this.isDenied(principal.id, categoryId)) return true;
    const key = principalKey(principal);
    return lineage(this.tree(), categoryId).some((c) => c.denied.some((d) => principalKey(d) === key));
  }

  matchesAny(userId: string, principals: readonly Principal[]): boolean {
    for (const p of principals) if (this.matches(userId, p)) return true;
    return false;
  }

  /** An active account: provisioned, enabled, not removed. */
  isActive(userId: string): boolean {
    const user = this.directory.users.get(userId);
    return !!user && user.enabled && !user.removed;
  }

  hasRole(userId: string, role: Role): boolean {
    if (!this.isActive(userId)) return false;
    const holders = this.directory.roles.get(role);
    if (!holders) return false;
    if (holders.users.has(userId)) return true;
    for (const g of this.directory.groupsOf(userId)) if (holders.groups.has(g)) return true;
    return false;
  }

  /**
   * The persistent-chat policy: a user-level setting wins; otherwise group-level settings (any
   * group that turns chat off turns it off); otherwise the global setting; enabled by default.
   */
  chatEnabled(userId: string): boolean {
    if (!this.isActive(userId)) return false;
    const { users, groups, global } = this.directory.policies;
    const own = users.get(userId);
    if (own !== undefined) return own;
    let groupSetting: boolean | undefined;
    for (const g of this.directory.groupsOf(userId)) {
      const value = groups.get(g);
      if (value === false) return false;
      if (value === true) groupSetting = true;
    }
    return groupSetting ?? global ?? true;
  }

  /** Is the user behind the category's ethical wall (denied here or in any ancestor)? */
  isDenied(userId: string, categoryId: string): boolean {
    for (const c of lineage(this.tree(), categoryId)) if (this.matchesAny(userId, c.denied)) return true;
    return false;
  }

  /**
   * In the category's scope: allowed by the nearest category (itself or an ancestor) that has an
   * allowed list, and not denied anywhere up the tree.
   */
  inScope(userId: string, categoryId: string): boolean {
    if (!this.isActive(userId)) return false;
    const chain = lineage(this.tree(), categoryId);
    if (!chain.length) return false;
    const withAllowed = chain.find((c) => c.allowed.length > 0);
    if (!withAllowed || !this.matchesAny(userId, withAllowed.allowed)) return false;
    return !this.isDenied(userId, categoryId);
  }

  /** May create rooms in the category: administrators, or creators (here or above) who are in scope. */
  canCreateRoom(userId: string, categoryId: string): boolean {
    if (this.hasRole(userId, 'administrator')) return this.tree().categories.has(categoryId);
    if (!this.inScope(userId, categoryId)) return false;
    return lineage(this.tree(), categoryId).some((c) => this.matchesAny(userId, c.creators));
  }
}
