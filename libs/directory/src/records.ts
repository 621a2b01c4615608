/**
 * The directory as Parley sees it, whatever the server: users, security groups and
 * organisational units, keyed by the directory's stable id. DNs are canonical (see canonicalDn):
 * compare them with dnKey.
 */
export interface DirectoryUser {
  /** objectGUID (AD, as text) or entryUUID (OpenLDAP): survives renames and moves. */
  externalId: string;
  dn: string;
  username: string;
  displayName: string;
  /** '' when the entry has none. */
  email: string;
  enabled: boolean;
  /** The nearest organisational unit above the entry, for OU scopes. */
  ouDn: string | null;
}

export interface DirectoryGroup {
  externalId: string;
  dn: string;
  name: string;
  /** '' when the entry has none. */
  description: string;
  /** Direct members (users or groups), as the directory lists them. */
  memberDns: readonly string[];
}

export interface DirectoryOu {
  externalId: string;
  dn: string;
  name: string;
  /** The enclosing organisational unit, or null at the top. */
  parentDn: string | null;
}

/** Everything the directory holds, read in one pass. */
export interface DirectorySnapshot {
  kind: 'snapshot';
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  ous: DirectoryOu[];
  /** Pass to readChanges next time. Opaque. */
  watermark: string;
  /** ISO 8601, when the read started. */
  readAt: string;
  /** Entries that could not be mapped (no id, no user name...), one line each. */
  warnings: string[];
}

/**
 * What changed since a watermark: entries added or modified, and the ids of every entry that
 * exists now, so that anything missing from them has been removed.
 */
export interface DirectoryChanges {
  kind: 'changes';
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  ous: DirectoryOu[];
  ids: { users: string[]; groups: string[]; ous: string[] };
  /** The watermark these changes are relative to. */
  since: string;
  watermark: string;
  readAt: string;
  warnings: string[];
}

export type DirectoryRead = DirectorySnapshot | DirectoryChanges;

/** What Parley already knows of the directory, keyed by externalId. */
export interface DirectoryState {
  users: ReadonlyMap<string, DirectoryUser>;
  groups: ReadonlyMap<string, DirectoryGroup>;
  ous: ReadonlyMap<string, DirectoryOu>;
}

const byId = <T extends { externalId: string }>(records: readonly T[]) => new Map(records.map((r) => [r.externalId, r]));

export const EMPTY_STATE: DirectoryState = { users: new Map(), groups: new Map(), ous: new Map() };

/**
 * The state after a read: a snapshot replaces everything; a change set keeps what is still
 * listed among the current ids and overlays the entries that changed.
 */
export function applyRead(previous: DirectoryState, read: DirectoryRead): DirectoryState {
  if (read.kind === 'snapshot') return { users: byId(read.users), groups: byId(read.groups), ous: byId(read.ous) };
  const carry = <T extends { externalId: string }>(known: ReadonlyMap<string, T>, ids: readonly string[], changed: readonly T[]) => {
    const next = new Map<string, T>();
    for (const id of ids) {
      const record = known.get(id);
      if (record) next.set(id, record);
    }
    for (const record of changed) next.set(record.externalId, record);
    return next;
  };
  return {
    users: carry(previous.users, read.ids.users, read.users),
    groups: carry(previous.groups, read.ids.groups, read.groups),
    ous: carry(previous.ous, read.ids.ous, read.ous),
  };
}
