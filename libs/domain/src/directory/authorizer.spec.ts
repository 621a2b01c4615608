import type { Principal } from '@parley/contracts';
import { EMPTY_TREE, evolveTree, type CategoryTree } from '../categories/category-tree.js';
import { decideCategoryTree, type CategoryTreeCommand } from '../categories/category-tree.decide.js';
import { stored } from '../test-events.fixture.js';
import { Authorizer } from './authorizer.js';
import { DirectoryView } from './directory-view.js';

const user = (id: string, dn: string | null = null, enabled = true) =>
  stored<'user'>(id, [{ type: 'UserProvisioned', data: { source: dn ? 'directory' : 'local', username: id, displayName: id, email: '', externalId: null, dn, ouDn: null, enabled } }]);
const group = (id: string, members: { kind: 'user' | 'group'; id: string }[]) =>
  stored<'group'>(id, [
    { type: 'GroupProvisioned', data: { source: 'directory', name: id, description: '', externalId: null, dn: null } },
    { type: 'GroupMembersAdded', data: { members } },
  ]);

function world() {
  const view = new DirectoryView();
  for (const e of [
    ...user('alice', 'CN=Alice, OU=Engineering, DC=corp'),
    ...user('bob', 'cn=bob,ou=sales,dc=corp'),
    ...user('carol', 'cn=carol,ou=legal,dc=corp'),
    ...user('dave', 'cn=dave,ou=engineering,dc=corp', false),
    ...user('erin'),
    ...group('backend', [{ kind: 'user', id: 'alice' }]),
    ...group('engineering', [{ kind: 'group', id: 'backend' }]),
    ...group('staff', [{ kind: 'group', id: 'engineering' }, { kind: 'user', id: 'bob' }, { kind: 'user', id: 'carol' }]),
    ...group('loop-a', [{ kind: 'group', id: 'loop-b' }, { kind: 'user', id: 'erin' }]),
    ...group('loop-b', [{ kind: 'group', id: 'loop-a' }]),
  ]) {
    view.apply(e);
  }
  let tree: CategoryTree = EMPTY_TREE;
  const run = (c: CategoryTreeCommand) => {
    for (const e of stored<'category'>('tree', decideCategoryTree(c, tree))) tree = evolveTree(tree, e);
  };
  const cat = (categoryId: string, parentId: string | null, allowed: Principal[], denied: Principal[] = [], creators: Principal[] = []) =>
    run({ type: 'CreateCategory', categoryId, name: categoryId, description: '', parentId, allowed, denied, creators });
  cat('corp', null, [{ kind: 'group', id: 'staff' }], [], [{ kind: 'ou', id: 'OU=Engineering,DC=corp' }]);
  cat('deals', 'corp', [], [{ kind: 'group', id: 'engineering' }]);
  cat('legal', null, [{ kind: 'ou', id: 'ou=legal,dc=corp' }], [], [{ kind: 'user', id: 'carol' }]);
  return { view, authz: new Authorizer(view, () => tree), run };
}

describe('Authorizer', () => {
  it('resolves nested groups, and survives membership cycles', () => {
    const { view } = world();
    expect([...view.groupsOf('alice')].sort()).toEqual(['backend', 'engineering', 'staff']);
    expect([...view.groupsOf('erin')].sort()).toEqual(['loop-a', 'loop-b']);
  });

  it('matches users, groups (through nesting), OUs by DN and everyone', () => {
    const { authz } = world();
    expect(authz.matches('alice', { kind: 'group', id: 'staff' })).toBe(true);
    expect(authz.matches('alice', { kind: 'ou', id: 'ou=ENGINEERING, dc=corp' })).toBe(true);
    expect(authz.matches('bob', { kind: 'ou', id: 'ou=engineering,dc=corp' })).toBe(false);
    expect(authz.matches('erin', { kind: 'everyone', id: '*' })).toBe(true);
    expect(authz.matches('nobody', { kind: 'everyone', id: '*' })).toBe(false);
  });

  it('inherits allowed lists down the tree and lets a denied list wall off a sub-category', () => {
    const { authz } = world();
    expect(authz.inScope('bob', 'corp')).toBe(true);
    expect(authz.inScope('bob', 'deals')).toBe(true);
    expect(authz.inScope('alice', 'corp')).toBe(true);
    expect(authz.inScope('alice', 'deals')).toBe(false); // denied through backend ⊂ engineering
    expect(authz.isDenied('alice', 'deals')).toBe(true);
    expect(authz.inScope('erin', 'corp')).toBe(false);
    expect(authz.inScope('carol', 'legal')).toBe(true);
    expect(authz.inScope('dave', 'corp')).toBe(false); // disabled
  });

  it('lets creators create rooms only in their categories, and administrators anywhere', () => {
    const { authz, view } = world();
    expect(authz.canCreateRoom('alice', 'corp')).toBe(true); // creator by OU
    expect(authz.canCreateRoom('alice', 'deals')).toBe(false); // a creator above, but behind the wall
    expect(authz.canCreateRoom('bob', 'corp')).toBe(false);
    expect(authz.canCreateRoom('carol', 'legal')).toBe(true);
    expect(authz.canCreateRoom('carol', 'corp')).toBe(false);
    for (const e of stored<'server'>('config', [{ type: 'RoleGranted', data: { role: 'administrator', principal: { kind: 'group', id: 'loop-b' } } }])) view.apply(e);
    expect(authz.hasRole('erin', 'administrator')).toBe(true);
    expect(authz.canCreateRoom('erin', 'deals')).toBe(true);
    expect(authz.canCreateRoom('erin', 'missing')).toBe(false);
  });

  it('resolves the persistent-chat policy: user, then groups (off wins), then global', () => {
    const { authz, view } = world();
    const policy = (target: { kind: 'global' } | { kind: 'group' | 'user'; id: string }, on: boolean) =>
      stored<'server'>('config', [{ type: 'PolicySet', data: { target, persistentChatEnabled: on } }]).forEach((e) => view.apply(e));
    expect(authz.chatEnabled('alice')).toBe(true);
    policy({ kind: 'global' }, false);
    expect(authz.chatEnabled('alice')).toBe(false);
    policy({ kind: 'group', id: 'staff' }, true);
    expect(authz.chatEnabled('alice')).toBe(true);
    policy({ kind: 'group', id: 'backend' }, false);
    expect(authz.chatEnabled('alice')).toBe(false);
    policy({ kind: 'user', id: 'alice' }, true);
    expect(authz.chatEnabled('alice')).toBe(true);
    expect(authz.chatEnabled('dave')).toBe(false);
  });

  it('drops a removed user from every answer, and follows membership changes', () => {
    const { authz, view } = world();
    for (const e of stored<'group'>('backend', [{ type: 'GroupMembersRemoved', data: { members: [{ kind: 'user', id: 'alice' }] } }])) view.apply(e);
    expect(authz.inScope('alice', 'deals')).toBe(false); // alice left every group: no longer in staff
    expect(authz.inScope('bob', 'deals')).toBe(true);
    for (const e of stored<'user'>('bob', [{ type: 'UserRemoved', data: { reason: 'directory' } }])) view.apply(e);
    expect(authz.inScope('bob', 'corp')).toBe(false);
    expect(view.userIdByName('BOB')).toBeUndefined();
    expect(view.userIdByName('Carol')).toBe('carol');
  });
});
