import { ConflictError, DirectoryLimits, ForbiddenError, NotFoundError, type GroupEvent, type GroupMember } from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import type { GroupRecord } from '../directory/directory-view.js';

type Reason = 'directory' | 'administrator';

export type GroupCommand =
  | {
      type: 'ProvisionGroup';
      source: 'local' | 'directory';
      name: string;
      description: string;
      externalId: string | null;
      dn: string | null;
      /** Members from the start, checked like later additions. */
      members?: GroupMember[];
    }
  | { type: 'UpdateGroup'; by: Reason; changes: { name?: string; description?: string; dn?: string | null } }
  | { type: 'ChangeGroupMembers'; by: Reason; add: GroupMember[]; remove: GroupMember[] }
  | { type: 'RemoveGroup'; by: Reason };

type Out = Decided<GroupEvent>[];

const key = (m: GroupMember) => `${m.kind}:${m.id}`;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += DirectoryLimits.membersPerEvent) out.push(items.slice(i, i + DirectoryLimits.membersPerEvent));
  return out;
}

function checkNewMembers(added: readonly GroupMember[], groupId: string, memberExists: (m: GroupMember) => boolean, field: string): void {
  added.forEach((m, i) => {
    if (m.kind === 'group' && m.id === groupId) throw new ConflictError(`${field}.${i}: a group cannot contain itself`);
    if (!memberExists(m)) throw new NotFoundError(`${field}.${i}: no ${m.kind} ${m.id}`);
  });
}

/**
 * Decides a group command. Directory groups change only through sync; local groups are the
 * administrators'. Large membership changes become several events, none near the size limit.
 * `memberExists` says whether a user or group may be a member (exists and is live).
 */
export function decideGroup(command: GroupCommand, group: GroupRecord | undefined, groupId: string, memberExists: (m: GroupMember) => boolean): Out {
  if (command.type === 'ProvisionGroup') {
    if (group && !group.removed) throw new ConflictError(`group ${group.name} already exists`);
    const { type: _type, members = [], ...data } = command;
    const added = [...new Map(members.map((m) => [key(m), m])).values()];
    checkNewMembers(added, groupId, memberExists, 'members');
    return [{ type: 'GroupProvisioned', data: { ...data, name: data.name.trim() } }, ...chunks(added).map((m) => ({ type: 'GroupMembersAdded' as const, data: { members: m } }))];
  }
  if (!group || group.removed) throw new NotFoundError('no such group');
  if (group.source === 'directory' && command.by === 'administrator') {
    throw new ForbiddenError(`group ${group.name} comes from the directory: change it there, then sync`);
  }
  switch (command.type) {
    case 'UpdateGroup': {
      const changes = Object.fromEntries(Object.entries(command.changes).filter(([k, v]) => v !== undefined && group[k as keyof GroupRecord] !== v));
      return Object.keys(changes).length ? [{ type: 'GroupUpdated', data: { changes } }] : [];
    }
    case 'ChangeGroupMembers': {
      const has = (m: GroupMember) => (m.kind === 'user' ? group.users.has(m.id) : group.groups.has(m.id));
      const added = [...new Map(command.add.filter((m) => !has(m)).map((m) => [key(m), m])).values()];
      const removed = [...new Map(command.remove.filter(has).map((m) => [key(m), m])).values()];
      checkNewMembers(added, groupId, memberExists, 'add');
      return [
        ...chunks(removed).map((members) => ({ type: 'GroupMembersRemoved' as const, data: { members } })),
        ...chunks(added).map((members) => ({ type: 'GroupMembersAdded' as const, data: { members } })),
      ];
    }
    case 'RemoveGroup':
      return [{ type: 'GroupRemoved', data: {} }];
    default:
      return assertNever(command);
  }
}
