import {
  ConflictError,
  NotFoundError,
  type GroupMember,
  type PolicyTarget,
  type Role,
  type ServerEvent,
  type ServerSettings,
} from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import type { DirectoryView } from '../directory/directory-view.js';

export type ServerConfigCommand =
  | { type: 'ChangeSettings'; changes: Partial<ServerSettings> }
  | { type: 'SetPolicy'; target: PolicyTarget; persistentChatEnabled: boolean }
  | { type: 'ClearPolicy'; target: PolicyTarget }
  | { type: 'RegisterAddin'; addinId: string; name: string; url: string }
  | { type: 'UpdateAddin'; addinId: string; name?: string; url?: string }
  | { type: 'RemoveAddin'; addinId: string }
  | { type: 'GrantRole'; role: Role; principal: GroupMember }
  | { type: 'RevokeRole'; role: Role; principal: GroupMember };

type Out = Decided<ServerEvent>[];

function currentPolicy(view: DirectoryView, target: PolicyTarget): boolean | undefined {
  if (target.kind === 'global') return view.policies.global;
  return (target.kind === 'group' ? view.policies.groups : view.policies.users).get(target.id);
}

function assertPrincipal(view: DirectoryView, p: { kind: 'user' | 'group'; id: string }, path: string): void {
  const live = p.kind === 'user' ? view.users.get(p.id)?.removed === false : view.groups.get(p.id)?.removed === false;
  if (!live) throw new NotFoundError(`${path}: no ${p.kind} ${p.id}`);
}

/** Decides a change to server settings, policies, add-ins or roles against the current view. */
export function decideServerConfig(command: ServerConfigCommand, view: DirectoryView): Out {
  switch (command.type) {
    case 'ChangeSettings': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(([k, v]) => v !== undefined && view.settings[k as keyof ServerSettings] !== v),
      );
      return Object.keys(changes).length ? [{ type: 'ServerSettingsChanged', data: { changes } }] : [];
    }
    case 'SetPolicy':
      if (command.target.kind !== 'global') assertPrincipal(view, command.target, 'target');
      if (currentPolicy(view, command.target) === command.persistentChatEnabled) return [];
      return [{ type: 'PolicySet', data: { target: command.target, persistentChatEnabled: command.persistentChatEnabled } }];
    case 'ClearPolicy':
      return currentPolicy(view, command.target) === undefined ? [] : [{ type: 'PolicyCleared', data: { target: command.target } }];
    case 'RegisterAddin': {
      if (view.addins.has(command.addinId)) throw new ConflictError(`add-in ${command.addinId} already exists`);
      const clash = [...view.addins.values()].find((a) => a.name.toLowerCase() === command.name.trim().toLowerCase());
      if (clash) throw new ConflictError(`name: an add-in named "${clash.name}" already exists`);
      return [{ type: 'AddinRegistered', data: { addinId: command.addinId, name: command.name.trim(), url: command.url } }];
    }
    case 'UpdateAddin': {
      const addin = view.addins.get(command.addinId);
      if (!addin) throw new NotFoundError(`addinId: no add-in "${command.addinId}"`);
      const changes: { name?: string; url?: string } = {};
      if (command.name !== undefined && command.name.trim() !== addin.name) changes.name = command.name.trim();
      if (command.url !== undefined && command.url !== addin.url) changes.url = command.url;
      return Object.keys(changes).length ? [{ type: 'AddinUpdated', data: { addinId: addin.id, changes } }] : [];
    }
    case 'RemoveAddin':
      return view.addins.has(command.addinId) ? [{ type: 'AddinRemoved', data: { addinId: command.addinId } }] : [];
    case 'GrantRole': {
      assertPrincipal(view, command.principal, 'principal');
      const holders = view.roles.get(command.role);
      const set = command.principal.kind === 'user' ? holders?.users : holders?.groups;
      return set?.has(command.principal.id) ? [] : [{ type: 'RoleGranted', data: { role: command.role, principal: command.principal } }];
    }
    case 'RevokeRole': {
      const holders = view.roles.get(command.role);
      const set = command.principal.kind === 'user' ? holders?.users : holders?.groups;
      if (!set?.has(command.principal.id)) return [];
      if (command.role === 'administrator' && holders!.users.size + holders!.groups.size === 1) {
        throw new ConflictError('at least one administrator must remain');
      }
      return [{ type: 'RoleRevoked', data: { role: command.role, principal: command.principal } }];
    }
    default:
      return assertNever(command);
  }
}
