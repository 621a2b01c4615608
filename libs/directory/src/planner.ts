import { memoDnKey, resolveMembers, type GroupMembers, type MemberRef } from './membership.js';
import { applyRead, type DirectoryGroup, type DirectoryOu, type DirectoryRead, type DirectoryState, type DirectoryUser } from './records.js';

export type UserField = 'username' | 'displayName' | 'email' | 'dn' | 'ouDn';
export type GroupField = 'name' | 'description' | 'dn';
export type OuField = 'name' | 'dn' | 'parentDn';

/** A record that exists on both sides and differs in `fields`. */
export interface Changed<T, F extends keyof T> {
  before: T;
  after: T;
  fields: F[];
}

/** Direct members a group gained and lost; groups listed as added start from no members. */
export interface MembershipChange {
  groupId: string;
  added: MemberRef[];
  removed: MemberRef[];
}

/**
 * What to do to bring Parley in line with the directory. A user whose account was disabled and
 * who was also renamed appears in both `changed` and `disabled`; an added user may be disabled
 * from the start (see its `enabled`), and is then only in `added`.
 */
export interface SyncPlan {
  users: {
    added: DirectoryUser[];
    changed: Changed<DirectoryUser, UserField>[];
    disabled: DirectoryUser[];
    enabled: DirectoryUser[];
    removed: DirectoryUser[];
  };
  groups: { added: DirectoryGroup[]; changed: Changed<DirectoryGroup, GroupField>[]; removed: DirectoryGroup[] };
  memberships: MembershipChange[];
  ous: { added: DirectoryOu[]; changed: Changed<DirectoryOu, OuField>[]; removed: DirectoryOu[] };
  /** The read's warnings, and member DNs that resolve to no user or group. */
  warnings: string[];
  /** The state once the plan is carried out: pass it as `previous` next time. */
  next: DirectoryState;
}

function diff<T extends { externalId: string }, F extends keyof T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>, fields: readonly F[]) {
  const added: T[] = [];
  const changed: Changed<T, F>[] = [];
  const kept: { before: T; after: T }[] = [];
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      added.push(now);
      continue;
    }
    kept.push({ before: was, after: now });
    const differing = fields.filter((field) => was[field] !== now[field]);
    if (differing.length > 0) changed.push({ before: was, after: now, fields: differing });
  }
  const removed = [...before.values()].filter((record) => !after.has(record.externalId));
  return { added, changed, removed, kept };
}

function membershipDiff(groupId: string, before: GroupMembers | undefined, now: GroupMembers): MembershipChange {
  const refs = (members: GroupMembers | undefined): MemberRef[] => [
    ...(members?.users ?? []).map((externalId) => ({ kind: 'user' as const, externalId })),
    ...(members?.groups ?? []).map((externalId) => ({ kind: 'group' as const, externalId })),
  ];
  const keyOf = (ref: MemberRef) => `${ref.kind}:${ref.externalId}`;
  const had = new Set(refs(before).map(keyOf));
  const has = new Set(refs(now).map(keyOf));
  return {
    groupId,
    added: refs(now).filter((ref) => !had.has(keyOf(ref))),
    removed: refs(before).filter((ref) => !has.has(keyOf(ref))),
  };
}

/**
 * Compares what Parley knows (`previous`, keyed by externalId) with a read of the directory:
 * a full snapshot, or a change set (changed entries plus the ids of everything that exists).
 * Pure: no I/O, no clock.
 */
export function planSync(previous: DirectoryState, current: DirectoryRead): SyncPlan {
  const next = applyRead(previous, current);
  const users = diff(previous.users, next.users, ['username', 'displayName', 'email', 'dn', 'ouDn'] as const);
  const groups = diff(previous.groups, next.groups, ['name', 'description', 'dn'] as const);
  const ous = diff(previous.ous, next.ous, ['name', 'dn', 'parentDn'] as const);

  // Both sides mostly hold the same DNs: parse each once.
  const keyOf = memoDnKey();
  const before = resolveMembers(previous, keyOf).members;
  const after = resolveMembers(next, keyOf);
  const memberships: MembershipChange[] = [];
  for (const [groupId, now] of after.members) {
    const change = membershipDiff(groupId, before.get(groupId), now);
    if (change.added.length > 0 || change.removed.length > 0) memberships.push(change);
  }

  return {
    users: {
      added: users.added,
      changed: users.changed,
      disabled: users.kept.filter((u) => u.before.enabled && !u.after.enabled).map((u) => u.after),
      enabled: users.kept.filter((u) => !u.before.enabled && u.after.enabled).map((u) => u.after),
      removed: users.removed,
    },
    groups: { added: groups.added, changed: groups.changed, removed: groups.removed },
    memberships,
    ous: { added: ous.added, changed: ous.changed, removed: ous.removed },
    warnings: [...current.warnings, ...after.warnings],
    next,
  };
}
