import {
  DEFAULT_SERVER_SETTINGS,
  normalizeDn,
  type GroupEvent,
  type GroupMember,
  type Role,
  type ServerEvent,
  type ServerSettings,
  type UserEvent,
} from '@parley/contracts';
import { assertNever } from '../decider.js';

export interface UserRecord {
  id: string;
  source: 'local' | 'directory';
  username: string;
  displayName: string;
  email: string;
  externalId: string | null;
  /** The DN as the directory spells it, or null for local users. */
  dn: string | null;
  /** The DN normalised for comparisons (see normalizeDn). */
  dnKey: string | null;
  ouDn: string | null;
  enabled: boolean;
  /** Who disabled the account, so an administrator cannot undo what the directory decided. */
  disabledBy: 'directory' | 'administrator' | null;
  removed: boolean;
}

export interface GroupRecord {
  id: string;
  source: 'local' | 'directory';
  name: string;
  description: string;
  externalId: string | null;
  /** The DN as the directory spells it, or null for local groups. */
  dn: string | null;
  users: Set<string>;
  groups: Set<string>;
  removed: boolean;
}

export interface OuRecord {
  externalId: string;
  dn: string;
  name: string;
  parentDn: string | null;
}

export interface Addin {
  id: string;
  name: string;
  url: string;
}

interface PolicyState {
  global: boolean | undefined;
  groups: Map<string, boolean>;
  users: Map<string, boolean>;
}

const addTo = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
};

/**
 * Everything about people Parley knows, built from user, group and server events: users,
 * groups with nested membership, organisational units, roles, policies, settings and add-ins.
 * It is mutated in place by `apply` (it holds hundreds of thousands of users) and answers
 * membership questions from a cache of each user's transitive groups.
 */
export class DirectoryView {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly ous = new Map<string, OuRecord>();
  readonly addins = new Map<string, Addin>();
  readonly roles = new Map<Role, { users: Set<string>; groups: Set<string> }>();
  readonly policies: PolicyState = { global: undefined, groups: new Map(), users: new Map() };
  settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  /** The last directory sync, whose watermark the next incremental sync starts from. */
  lastSync: { mode: 'full' | 'incremental'; watermark: string; at: string } | undefined;

  private readonly usernames = new Map<string, string>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  private readonly parentsOfGroup = new Map<string, Set<string>>();
  private readonly transitive = new Map<string, ReadonlySet<string>>();

  /** The id of the live user with this user name (case-insensitive). */
  userIdByName(username: string): string | undefined {
    return this.usernames.get(username.toLowerCase());
  }

  /** The name people see for a user: their display name, else their user name (undefined for an unknown id). */
  nameOf(userId: string): string | undefined {
    const user = this.users.get(userId);
    return user && (user.displayName || user.username);
  }

  /** Every group a user belongs to, directly or through nested groups. */
  groupsOf(userId: string): ReadonlySet<string> {
    let cached = this.transitive.get(userId);
    if (cached) return cached;
    const result = new Set<string>();
    const queue = [...(this.groupsOfUser.get(userId) ?? [])];
    while (queue.length) {
      const id = queue.pop()!;
      if (result.has(id) || this.groups.get(id)?.removed !== false) continue;
      result.add(id);
      for (const parent of this.parentsOfGroup.get(id) ?? []) queue.push(parent);
    }
    cached = result;
    this.transitive.set(userId, cached);
    return cached;
  }

  apply(event: UserEvent | GroupEvent | ServerEvent): void {
    switch (event.type) {
      case 'UserProvisioned': {
        const d = event.data;
        this.users.set(event.aggregateId, {
          id: event.aggregateId,
          source: d.source,
          username: d.username,
          displayName: d.displayName,
          email: d.email,
          externalId: d.externalId,
          dn: d.dn,
          dnKey: d.dn && normalizeDn(d.dn),
          ouDn: d.ouDn,
          enabled: d.enabled,
          disabledBy: d.enabled ? null : d.source === 'directory' ? 'directory' : 'administrator',
          removed: false,
        });
        this.usernames.set(d.username.toLowerCase(), event.aggregateId);
        return;
      }
      case 'UserUpdated': {
        const user = this.users.get(event.aggregateId);
        if (!user) return;
        const c = event.data.changes;
        if (c.username !== undefined) {
          this.usernames.delete(user.username.toLowerCase());
          user.username = c.username;
          this.usernames.set(c.username.toLowerCase(), user.id);
        }
        if (c.displayName !== undefined) user.displayName = c.displayName;
        if (c.email !== undefined) user.email = c.email;
        if (c.dn !== undefined) {
          user.dn = c.dn;
          user.dnKey = c.dn && normalizeDn(c.dn);
        }
        if (c.ouDn !== undefined) user.ouDn = c.ouDn;
        return;
      }
      case 'UserDisabled':
      case 'UserEnabled': {
        const user = this.users.get(event.aggregateId);
        if (!user) return;
        user.enabled = event.type === 'UserEnabled';
        user.disabledBy = user.enabled ? null : event.data.reason;
        return;
      }
      case 'UserRemoved': {
        const user = this.users.get(event.aggregateId);
        if (!user) return;
        user.removed = true;
        user.enabled = false;
        this.usernames.delete(user.username.toLowerCase());
        return;
      }
      case 'UserPasswordChanged':
        return;
      case 'GroupProvisioned': {
        const d = event.data;
        this.groups.set(event.aggregateId, {
          id: event.aggregateId,
          source: d.source,
          name: d.name,
          description: d.description,
          externalId: d.externalId,
          dn: d.dn,
          users: new Set(),
          groups: new Set(),
          removed: false,
        });
        return;
      }
      case 'GroupUpdated': {
        const group = this.groups.get(event.aggregateId);
        if (!group) return;
        const c = event.data.changes;
        if (c.name !== undefined) group.name = c.name;
        if (c.description !== undefined) group.description = c.description;
        if (c.dn !== undefined) group.dn = c.dn;
        return;
      }
      case 'GroupMembersAdded':
      case 'GroupMembersRemoved':
        this.changeMembers(event.aggregateId, event.data.members, event.type === 'GroupMembersAdded');
        return;
      case 'GroupRemoved': {
        const group = this.groups.get(event.aggregateId);
        if (group) group.removed = true;
        this.transitive.clear();
        return;
      }
      default:
        this.applyServer(event);
    }
  }

  private changeMembers(groupId: string, members: readonly GroupMember[], add: boolean): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    for (const m of members) {
      if (m.kind === 'user') {
        if (add) {
          group.users.add(m.id);
          addTo(this.groupsOfUser, m.id, groupId);
        } else {
          group.users.delete(m.id);
          this.groupsOfUser.get(m.id)?.delete(groupId);
        }
      } else if (add) {
        group.groups.add(m.id);
        addTo(this.parentsOfGroup, m.id, groupId);
      } else {
        group.groups.delete(m.id);
        this.parentsOfGroup.get(m.id)?.delete(groupId);
      }
    }
    // Membership changes are rare next to membership questions: drop every cached closure.
    this.transitive.clear();
  }

  private applyServer(event: ServerEvent): void {
    switch (event.type) {
      case 'ServerSettingsChanged':
        this.settings = { ...this.settings, ...event.data.changes };
        return;
      case 'PolicySet':
      case 'PolicyCleared': {
        const value = event.type === 'PolicySet' ? event.data.persistentChatEnabled : undefined;
        const t = event.data.target;
        if (t.kind === 'global') this.policies.global = value;
        else {
          const map = t.kind === 'group' ? this.policies.groups : this.policies.users;
          if (value === undefined) map.delete(t.id);
          else map.set(t.id, value);
        }
        return;
      }
      case 'AddinRegistered':
        this.addins.set(event.data.addinId, { id: event.data.addinId, name: event.data.name, url: event.data.url });
        return;
      case 'AddinUpdated': {
        const addin = this.addins.get(event.data.addinId);
        if (addin) Object.assign(addin, event.data.changes);
        return;
      }
      case 'AddinRemoved':
        this.addins.delete(event.data.addinId);
        return;
      case 'RoleGranted':
      case 'RoleRevoked': {
        let holders = this.roles.get(event.data.role);
        if (!holders) this.roles.set(event.data.role, (holders = { users: new Set(), groups: new Set() }));
        const set = event.data.principal.kind === 'user' ? holders.users : holders.groups;
        if (event.type === 'RoleGranted') set.add(event.data.principal.id);
        else set.delete(event.data.principal.id);
        return;
      }
      case 'OrganizationalUnitAdded':
      case 'OrganizationalUnitChanged': {
        const d = event.data;
        this.ous.set(d.externalId, { externalId: d.externalId, dn: d.dn, name: d.name, parentDn: d.parentDn });
        return;
      }
      case 'OrganizationalUnitRemoved':
        this.ous.delete(event.data.externalId);
        return;
      case 'DirectorySynced':
        this.lastSync = { mode: event.data.mode, watermark: event.data.watermark, at: event.occurredAt };
        return;
      default:
        assertNever(event);
    }
  }
}
