import { dnWithin, normalizeDn, principalKey, type Principal, type Role } from '@parley/contracts';
import { lineage, type Category, type CategoryTree } from '../categories/category-tree.js';
import type { DirectoryView, UserRecord } from './directory-view.js';

/**
 * Group Chat's authorisation questions, answered from the directory view and the category tree.
 * Pure reads; callers hold the current state. All answers are false for unknown, disabled or
 * removed users. Services ask these for every message and every listing: each question looks the
 * user up once and walks the category's lineage once.
 */
export class Authorizer {
  /** Normalised DNs of OU principals: scopes are read far more often than they change. */
  private readonly ouKeys = new WeakMap<Principal, string>();

  constructor(
    private readonly directory: DirectoryView,
    private readonly tree: () => CategoryTree,
  ) {}

  /** Does this principal include the user (directly, through nested groups, or by OU)? */
  matches(userId: string, principal: Principal): boolean {
    const user = this.directory.users.get(userId);
    return !!user && !user.removed && this.includes(user, principal);
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
    const user = this.directory.users.get(userId);
    return !!user && !user.removed && this.includesAny(user, principals);
  }

  /** An active account: provisioned, enabled, not removed. */
  isActive(userId: string): boolean {
    return this.active(userId) !== undefined;
  }

  hasRole(userId: string, role: Role): boolean {
    const user = this.active(userId);
    return !!user && this.holds(user, role);
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
    const user = this.directory.users.get(userId);
    return !!user && !user.removed && this.walledOff(user, lineage(this.tree(), categoryId));
  }

  /**
   * In the category's scope: allowed by the nearest category (itself or an ancestor) that has an
   * allowed list, and not denied anywhere up the tree.
   */
  inScope(userId: string, categoryId: string): boolean {
    const user = this.active(userId);
    return !!user && this.inScopeOf(user, lineage(this.tree(), categoryId));
  }

  /** May create rooms in the category: administrators, or creators (here or above) who are in scope. */
  canCreateRoom(userId: string, categoryId: string): boolean {
    const user = this.active(userId);
    if (!user) return false;
    if (this.holds(user, 'administrator')) return this.tree().categories.has(categoryId);
    const chain = lineage(this.tree(), categoryId);
    return this.inScopeOf(user, chain) && chain.some((c) => this.includesAny(user, c.creators));
  }

  private active(userId: string): UserRecord | undefined {
    const user = this.directory.users.get(userId);
    return user && user.enabled && !user.removed ? user : undefined;
  }

  /** `chain`: the category and its ancestors, nearest first. */
  private inScopeOf(user: UserRecord, chain: readonly Category[]): boolean {
    const withAllowed = chain.find((c) => c.allowed.length > 0);
    return !!withAllowed && this.includesAny(user, withAllowed.allowed) && !this.walledOff(user, chain);
  }

  private walledOff(user: UserRecord, chain: readonly Category[]): boolean {
    for (const c of chain) if (this.includesAny(user, c.denied)) return true;
    return false;
  }

  private holds(user: UserRecord, role: Role): boolean {
    const holders = this.directory.roles.get(role);
    if (!holders) return false;
    if (holders.users.has(user.id)) return true;
    for (const g of this.directory.groupsOf(user.id)) if (holders.groups.has(g)) return true;
    return false;
  }

  private includesAny(user: UserRecord, principals: readonly Principal[]): boolean {
    for (const p of principals) if (this.includes(user, p)) return true;
    return false;
  }

  /** `user` is live (not removed). */
  private includes(user: UserRecord, principal: Principal): boolean {
    switch (principal.kind) {
      case 'user':
        return principal.id === user.id;
      case 'group':
        return this.directory.groupsOf(user.id).has(principal.id);
      case 'ou':
        return user.dnKey !== null && dnWithin(user.dnKey, this.ouKey(principal));
      case 'everyone':
        return true;
    }
  }

  private ouKey(principal: Principal): string {
    let key = this.ouKeys.get(principal);
    if (key === undefined) this.ouKeys.set(principal, (key = normalizeDn(principal.id)));
    return key;
  }
}
