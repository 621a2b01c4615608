import { dnKey } from './dn.js';
import type { DirectoryState } from './records.js';

/** A direct member of a group, by the directory's id. */
export interface MemberRef {
  kind: 'user' | 'group';
  externalId: string;
}

/** A group's direct members, resolved from DNs to ids. */
export interface GroupMembers {
  users: string[];
  groups: string[];
}

export interface ResolvedMembers {
  /** Per group externalId. */
  members: Map<string, GroupMembers>;
  /** Member DNs that name no known user or group (deleted entries, objects outside the search bases). */
  warnings: string[];
}

/** dnKey, remembering its answers: a user's DN recurs in every group that lists them. */
export function memoDnKey(): (dn: string) => string {
  const keys = new Map<string, string>();
  return (dn) => {
    let key = keys.get(dn);
    if (key === undefined) keys.set(dn, (key = dnKey(dn)));
    return key;
  };
}

/** Resolves every group's member DNs to user and group ids (DNs compared as dnKey). */
export function resolveMembers(state: DirectoryState, keyOf: (dn: string) => string = memoDnKey()): ResolvedMembers {
  const byDn = new Map<string, MemberRef>();
  for (const user of state.users.values()) byDn.set(keyOf(user.dn), { kind: 'user', externalId: user.externalId });
  for (const group of state.groups.values()) byDn.set(keyOf(group.dn), { kind: 'group', externalId: group.externalId });
  const members = new Map<string, GroupMembers>();
  const warnings: string[] = [];
  for (const group of state.groups.values()) {
    const resolved: GroupMembers = { users: [], groups: [] };
    const seen = new Set<string>();
    for (const dn of group.memberDns) {
      const ref = byDn.get(keyOf(dn));
      if (!ref) {
        warnings.push(`group ${group.dn} lists member ${dn}, which is no known user or group`);
        continue;
      }
      if (seen.has(ref.externalId)) continue;
      seen.add(ref.externalId);
      (ref.kind === 'user' ? resolved.users : resolved.groups).push(ref.externalId);
    }
    members.set(group.externalId, resolved);
  }
  return { members, warnings };
}

/**
 * For each group, every user who is a member directly or through nested groups, to any depth.
 * Cycles (A ⊃ B ⊃ A) are fine: all groups of a cycle have the same members, and share one set.
 * Works on strongly connected components (Tarjan, iteratively, so deep nesting cannot overflow
 * the stack): each component is finished after the components it contains, so its set is its
 * own users plus the finished sets below it, and every group is visited once.
 */
export function resolveNestedMembers(groups: ReadonlyMap<string, GroupMembers>): Map<string, ReadonlySet<string>> {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result = new Map<string, ReadonlySet<string>>();
  const childrenOf = (id: string) => (groups.get(id)?.groups ?? []).filter((child) => groups.has(child));

  for (const root of groups.keys()) {
    if (order.has(root)) continue;
    const frames: { id: string; children: string[]; next: number }[] = [];
    const enter = (id: string) => {
      order.set(id, order.size);
      low.set(id, order.get(id)!);
      stack.push(id);
      onStack.add(id);
      frames.push({ id, children: childrenOf(id), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        if (!order.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, order.get(child)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== order.get(frame.id)) continue;
      const component = new Set<string>();
      let id: string;
      do {
        id = stack.pop()!;
        onStack.delete(id);
        component.add(id);
      } while (id !== frame.id);
      const users = new Set<string>();
      for (const group of component) {
        for (const user of groups.get(group)!.users) users.add(user);
        for (const child of childrenOf(group)) {
          if (!component.has(child)) for (const user of result.get(child)!) users.add(user);
        }
      }
      for (const group of component) result.set(group, users);
    }
  }
  return result;
}
