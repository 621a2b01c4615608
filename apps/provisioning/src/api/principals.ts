import { ConflictError, NotFoundError, type GroupMember, type Principal, type PrincipalRef } from '@parley/contracts';
import type { DirectoryView } from '@parley/domain';

/** Turns principals as callers write them (ids or names) into principals by id; unknown names are 404s naming the field. */
export function resolvePrincipal(view: DirectoryView, ref: PrincipalRef, path: string): Principal {
  if (ref.kind === 'everyone') return { kind: 'everyone', id: '*' };
  if (ref.kind === 'ou') return { kind: 'ou', id: ref.id };
  if ('id' in ref) {
    const live = ref.kind === 'user' ? view.users.get(ref.id)?.removed === false : view.groups.get(ref.id)?.removed === false;
    if (!live) throw new NotFoundError(`${path}: no ${ref.kind} with id "${ref.id}"`);
    return { kind: ref.kind, id: ref.id };
  }
  if (ref.kind === 'user') {
    const id = view.userIdByName(ref.name);
    if (!id) throw new NotFoundError(`${path}: no user named "${ref.name}"`);
    return { kind: 'user', id };
  }
  const wanted = ref.name.trim().toLowerCase();
  const matches = [...view.groups.values()].filter((g) => !g.removed && g.name.toLowerCase() === wanted);
  if (matches.length === 0) throw new NotFoundError(`${path}: no group named "${ref.name}"`);
  if (matches.length > 1) throw new ConflictError(`${path}: ${matches.length} groups are named "${ref.name}": name it by id (${matches.map((g) => g.id).join(', ')})`);
  return { kind: 'group', id: matches[0]!.id };
}

export function resolvePrincipals(view: DirectoryView, refs: readonly PrincipalRef[], path: string): Principal[] {
  return refs.map((ref, i) => resolvePrincipal(view, ref, `${path}.${i}`));
}

/** Users and groups only (group members, role holders, policy targets). */
export function resolveMember(view: DirectoryView, ref: PrincipalRef, path: string): GroupMember {
  const p = resolvePrincipal(view, ref, path);
  if (p.kind !== 'user' && p.kind !== 'group') throw new NotFoundError(`${path}: must be a user or a group`);
  return p;
}
