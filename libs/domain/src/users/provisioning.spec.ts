import { ConflictError, ForbiddenError, NotFoundError, type GroupMember } from '@parley/contracts';
import { DirectoryView } from '../directory/directory-view.js';
import { decideGroup } from '../groups/group.decide.js';
import { decideServerConfig } from '../server/server-config.decide.js';
import { stored } from '../test-events.fixture.js';
import { decideUser, type UserCommand } from './user.decide.js';

const provision = (source: 'local' | 'directory', username: string, enabled = true): UserCommand => ({
  type: 'ProvisionUser',
  source,
  username,
  displayName: username,
  email: '',
  externalId: source === 'directory' ? `ext-${username}` : null,
  dn: source === 'directory' ? `cn=${username},dc=x` : null,
  ouDn: null,
  enabled,
});

function world() {
  const view = new DirectoryView();
  const taken = (name: string) => view.userIdByName(name) !== undefined;
  const run = (id: string, c: UserCommand) => stored<'user'>(id, decideUser(c, view.users.get(id), taken)).forEach((e) => view.apply(e));
  run('loc', provision('local', 'local1'));
  run('dir', provision('directory', 'dir1'));
  run('off', provision('directory', 'off1', false));
  return { view, taken, run, decide: (id: string, c: UserCommand) => decideUser(c, view.users.get(id), taken) };
}

describe('users', () => {
  it('refuses a taken user name, whatever its case', () => {
    const { decide } = world();
    expect(() => decide('new', provision('local', 'LOCAL1'))).toThrow(new ConflictError('username: "LOCAL1" is already taken'));
  });

  it('keeps directory accounts owned by the directory', () => {
    const { decide } = world();
    expect(() => decide('dir', { type: 'UpdateUser', by: 'administrator', changes: { displayName: 'x' } })).toThrow(ForbiddenError);
    expect(() => decide('dir', { type: 'RemoveUser', by: 'administrator' })).toThrow(/remove it there, or disable it here/);
    expect(() => decide('dir', { type: 'RecordPasswordChange', by: 'self' })).toThrow(/change it there/);
    expect(decide('dir', { type: 'UpdateUser', by: 'directory', changes: { displayName: 'Dir One' } })).toEqual([
      { type: 'UserUpdated', data: { changes: { displayName: 'Dir One' } } },
    ]);
  });

  it('lets an administrator disable a directory account and keeps that override against the directory', () => {
    const { decide, run, view } = world();
    expect(() => decide('off', { type: 'EnableUser', by: 'administrator' })).toThrow(/disabled in the directory/);
    run('dir', { type: 'DisableUser', by: 'administrator' });
    expect(view.users.get('dir')).toMatchObject({ enabled: false, disabledBy: 'administrator' });
    expect(decide('dir', { type: 'EnableUser', by: 'directory' })).toEqual([]);
    expect(decide('dir', { type: 'EnableUser', by: 'administrator' })).toEqual([{ type: 'UserEnabled', data: { reason: 'administrator' } }]);
    expect(decide('off', { type: 'DisableUser', by: 'administrator' })).toEqual([{ type: 'UserDisabled', data: { reason: 'administrator' } }]);
    expect(decide('dir', { type: 'DisableUser', by: 'directory' })).toEqual([]);
  });

  it('does not let local user names change, and refuses unknown users', () => {
    const { decide } = world();
    expect(() => decide('loc', { type: 'UpdateUser', by: 'administrator', changes: { username: 'other' } })).toThrow(/local user names cannot change/);
    expect(() => decide('ghost', { type: 'DisableUser', by: 'administrator' })).toThrow(NotFoundError);
  });
});

describe('groups', () => {
  it('splits large membership changes, ignores no-ops and refuses unknown members and self-membership', () => {
    const { view } = world();
    for (const e of stored<'group'>('g1', decideGroup({ type: 'ProvisionGroup', source: 'local', name: 'G', description: '', externalId: null, dn: null }, undefined, 'g1', () => true))) view.apply(e);
    const many: GroupMember[] = Array.from({ length: 2_500 }, (_, i) => ({ kind: 'user', id: `u${i}` }));
    const events = decideGroup({ type: 'ChangeGroupMembers', by: 'administrator', add: many, remove: [] }, view.groups.get('g1'), 'g1', () => true);
    expect(events.map((e) => (e.data as { members: unknown[] }).members.length)).toEqual([1_000, 1_000, 500]);
    expect(() => decideGroup({ type: 'ChangeGroupMembers', by: 'administrator', add: [{ kind: 'group', id: 'g1' }], remove: [] }, view.groups.get('g1'), 'g1', () => true)).toThrow(/cannot contain itself/);
    expect(() => decideGroup({ type: 'ChangeGroupMembers', by: 'administrator', add: [{ kind: 'user', id: 'x' }], remove: [] }, view.groups.get('g1'), 'g1', () => false)).toThrow(new NotFoundError('add.0: no user x'));
    expect(decideGroup({ type: 'ChangeGroupMembers', by: 'administrator', add: [], remove: [{ kind: 'user', id: 'nobody' }] }, view.groups.get('g1'), 'g1', () => true)).toEqual([]);
  });
});

describe('server configuration', () => {
  it('changes only what differs, checks policy targets, and keeps one administrator', () => {
    const { view } = world();
    expect(decideServerConfig({ type: 'ChangeSettings', changes: { backchatSize: 30, maxFileSizeKb: 1_000 } }, view)).toEqual([
      { type: 'ServerSettingsChanged', data: { changes: { maxFileSizeKb: 1_000 } } },
    ]);
    expect(() => decideServerConfig({ type: 'SetPolicy', target: { kind: 'user', id: 'ghost' }, persistentChatEnabled: false }, view)).toThrow(new NotFoundError('target: no user ghost'));
    for (const e of stored<'server'>('config', decideServerConfig({ type: 'GrantRole', role: 'administrator', principal: { kind: 'user', id: 'loc' } }, view))) view.apply(e);
    expect(() => decideServerConfig({ type: 'RevokeRole', role: 'administrator', principal: { kind: 'user', id: 'loc' } }, view)).toThrow('at least one administrator must remain');
    for (const e of stored<'server'>('config', decideServerConfig({ type: 'RegisterAddin', addinId: 'a1', name: 'Wiki', url: 'https://wiki.example' }, view))) view.apply(e);
    expect(() => decideServerConfig({ type: 'RegisterAddin', addinId: 'a2', name: 'wiki', url: 'https://x.example' }, view)).toThrow(/an add-in named "Wiki" already exists/);
  });
});
