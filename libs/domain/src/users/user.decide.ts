import { ConflictError, ForbiddenError, NotFoundError, type UserEvent } from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import type { UserRecord } from '../directory/directory-view.js';

type Reason = 'directory' | 'administrator';

export type UserCommand =
  | {
      type: 'ProvisionUser';
      source: 'local' | 'directory';
      username: string;
      displayName: string;
      email: string;
      externalId: string | null;
      dn: string | null;
      ouDn: string | null;
      enabled: boolean;
    }
  | { type: 'UpdateUser'; by: Reason; changes: { username?: string; displayName?: string; email?: string; dn?: string | null; ouDn?: string | null } }
  | { type: 'DisableUser'; by: Reason }
  | { type: 'EnableUser'; by: Reason }
  | { type: 'RemoveUser'; by: Reason }
  | { type: 'RecordPasswordChange'; by: 'self' | 'administrator' };

type Out = Decided<UserEvent>[];

/**
 * Decides a user command. Directory accounts are owned by the directory: administrators may
 * disable one (an override), but not rename, re-enable what the directory disabled, or delete it.
 * `usernameTaken` says whether another live account already uses a name.
 */
export function decideUser(command: UserCommand, user: UserRecord | undefined, usernameTaken: (name: string) => boolean): Out {
  if (command.type === 'ProvisionUser') {
    if (user && !user.removed) throw new ConflictError(`user ${user.username} already exists`);
    if (usernameTaken(command.username)) throw new ConflictError(`username: "${command.username}" is already taken`);
    const { type: _type, ...data } = command;
    return [{ type: 'UserProvisioned', data: { ...data, username: data.username.trim(), displayName: data.displayName.trim() } }];
  }
  if (!user || user.removed) throw new NotFoundError('no such user');
  const directoryOwned = user.source === 'directory';
  switch (command.type) {
    case 'UpdateUser': {
      if (directoryOwned && command.by === 'administrator') {
        throw new ForbiddenError(`user ${user.username} comes from the directory: change it there, then sync`);
      }
      const changes = Object.fromEntries(Object.entries(command.changes).filter(([k, v]) => v !== undefined && user[k as keyof UserRecord] !== v));
      if (typeof changes['username'] === 'string') {
        if (!directoryOwned) throw new ForbiddenError('username: local user names cannot change; create a new user instead');
        if (usernameTaken(changes['username'])) throw new ConflictError(`username: "${changes['username']}" is already taken`);
      }
      return Object.keys(changes).length ? [{ type: 'UserUpdated', data: { changes } }] : [];
    }
    case 'DisableUser':
      if (user.enabled) return [{ type: 'UserDisabled', data: { reason: command.by } }];
      // Already off. An administrator disabling a directory-disabled account makes it their override,
      // so the account stays off even when the directory enables it again.
      return user.disabledBy === 'directory' && command.by === 'administrator' ? [{ type: 'UserDisabled', data: { reason: 'administrator' } }] : [];
    case 'EnableUser':
      if (user.enabled) return [];
      if (user.disabledBy === 'directory' && command.by === 'administrator') {
        throw new ConflictError(`user ${user.username} is disabled in the directory: enable the account there`);
      }
      if (user.disabledBy === 'administrator' && command.by === 'directory') return []; // an administrator's override stands
      return [{ type: 'UserEnabled', data: { reason: command.by } }];
    case 'RemoveUser':
      if (directoryOwned && command.by === 'administrator') {
        throw new ForbiddenError(`user ${user.username} comes from the directory: remove it there, or disable it here`);
      }
      return [{ type: 'UserRemoved', data: { reason: command.by } }];
    case 'RecordPasswordChange':
      if (directoryOwned) throw new ForbiddenError(`user ${user.username} signs in with the directory password: change it there`);
      return [{ type: 'UserPasswordChanged', data: { by: command.by } }];
    default:
      return assertNever(command);
  }
}
