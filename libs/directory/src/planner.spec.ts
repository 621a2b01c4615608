import { planSync } from './planner.js';
import { applyRead, EMPTY_STATE, type DirectoryChanges, type DirectoryGroup, type DirectoryOu, type DirectorySnapshot, type DirectoryUser } from './records.js';

const user = (id: string, patch: Partial<DirectoryUser> = {}): DirectoryUser => ({
  externalId: id,
  dn: `uid=${id},ou=Sales,dc=x`,
  username: id,
  displayName: `User ${id}`,
  email: `${id}@x`,
  enabled: true,
  ouDn: 'ou=Sales,dc=x',
  ...patch,
});
const group = (id: string, memberDns: string[], patch: Partial<DirectoryGroup> = {}): DirectoryGroup => ({
  externalId: id,
  dn: `cn=${id},ou=groups,dc=x`,
  name: id,
  description: '',
  memberDns,
  ...patch,
});
const ou = (id: string, name: string): DirectoryOu => ({ externalId: id, dn: `ou=${name},dc=x`, name, parentDn: null });
const udn = (id: string) => `uid=${id},ou=Sales,dc=x`;
const gdn = (id: string) => `cn=${id},ou=groups,dc=x`;

const snapshot = (users: DirectoryUser[], groups: DirectoryGroup[] = [], ous: DirectoryOu[] = []): DirectorySnapshot => ({
  kind: 'snapshot',
  users,
  groups,
  ous,
  watermark: 'w1',
  readAt: '2025-01-01T00:00:00.000Z',
  warnings: [],
});
const changes = (
  ids: DirectoryChanges['ids'],
  changed: { users?: DirectoryUser[]; groups?: DirectoryGroup[]; ous?: DirectoryOu[] } = {},
): DirectoryChanges => ({
  kind: 'changes',
  users: changed.users ?? [],
  groups: changed.groups ?? [],
  ous: changed.ous ?? [],
  ids,
  since: 'w1',
  watermark: 'w2',
  readAt: '2025-01-01T00:05:00.000Z',
  warnings: [],
});

describe('planSync', () => {
  const base = snapshot(
    [user('a'), user('b'), user('c', { enabled: false })],
    [group('g', [udn('a'), udn('b')]), group('parent', [gdn('g')])],
    [ou('o1', 'Sales')],
  );
  const known = applyRead(EMPTY_STATE, base);

  it('given nothing known, when a snapshot arrives, then everything is added with its members', () => {
    const plan = planSync(EMPTY_STATE, base);
    expect(plan.users.added.map((u) => u.externalId)).toEqual(['a', 'b', 'c']);
    expect(plan.groups.added.map((g) => g.externalId)).toEqual(['g', 'parent']);
    expect(plan.ous.added).toEqual([ou('o1', 'Sales')]);
    expect(plan.users.disabled).toEqual([]);
    expect(plan.memberships).toEqual([
      { groupId: 'g', added: [{ kind: 'user', externalId: 'a' }, { kind: 'user', externalId: 'b' }], removed: [] },
      { groupId: 'parent', added: [{ kind: 'group', externalId: 'g' }], removed: [] },
    ]);
    expect(plan.next).toEqual(known);
  });

  it('given the same snapshot again, then there is nothing to do', () => {
    const plan = planSync(known, base);
    expect(plan.users).toEqual({ added: [], changed: [], disabled: [], enabled: [], removed: [] });
    expect(plan.groups).toEqual({ added: [], changed: [], removed: [] });
    expect(plan.ous).toEqual({ added: [], changed: [], removed: [] });
    expect(plan.memberships).toEqual([]);
  });

  it('names changed fields, and reports disabling and enabling apart from other changes', () => {
    const renamed = user('a', { displayName: 'Alice', dn: 'uid=a,ou=Legal,dc=x', ouDn: 'ou=Legal,dc=x', enabled: false });
    const plan = planSync(known, snapshot([renamed, user('b'), user('c')], [group('g', ['uid=a,ou=Legal,dc=x', udn('b')], { description: 'new' }), group('parent', [gdn('g')])], [{ ...ou('o1', 'Sales'), name: 'Sales and Marketing' }]));
    expect(plan.users.changed).toEqual([{ before: user('a'), after: renamed, fields: ['displayName', 'dn', 'ouDn'] }]);
    expect(plan.users.disabled).toEqual([renamed]);
    expect(plan.users.enabled).toEqual([user('c')]);
    expect(plan.groups.changed.map((c) => [c.after.externalId, c.fields])).toEqual([['g', ['description']]]);
    expect(plan.ous.changed.map((c) => c.fields)).toEqual([['name']]);
    // The member DN followed the rename: the same user, so no membership change.
    expect(plan.memberships).toEqual([]);
  });

  it('given a change set, then ids missing from the current ids are removed and unchanged entries are kept', () => {
    const plan = planSync(known, changes({ users: ['a', 'c', 'd'], groups: ['g'], ous: [] }, { users: [user('d')], groups: [group('g', [udn('a'), udn('d')])] }));
    expect(plan.users.added).toEqual([user('d')]);
    expect(plan.users.removed).toEqual([user('b')]);
    expect(plan.users.changed).toEqual([]);
    expect(plan.groups.removed.map((g) => g.externalId)).toEqual(['parent']);
    expect(plan.ous.removed).toEqual([ou('o1', 'Sales')]);
    expect(plan.memberships).toEqual([{ groupId: 'g', added: [{ kind: 'user', externalId: 'd' }], removed: [{ kind: 'user', externalId: 'b' }] }]);
    expect([...plan.next.users.keys()].sort()).toEqual(['a', 'c', 'd']);
  });

  it('drops a member whose DN no longer resolves, and warns about it instead of failing', () => {
    const plan = planSync(known, changes({ users: ['a', 'c'], groups: ['g', 'parent'], ous: ['o1'] }));
    expect(plan.users.removed).toEqual([user('b')]);
    expect(plan.memberships).toEqual([{ groupId: 'g', added: [], removed: [{ kind: 'user', externalId: 'b' }] }]);
    expect(plan.warnings).toEqual([`group ${gdn('g')} lists member ${udn('b')}, which is no known user or group`]);
  });

  it('treats entries read again near the watermark as unchanged', () => {
    const plan = planSync(known, changes({ users: ['a', 'b', 'c'], groups: ['g', 'parent'], ous: ['o1'] }, { users: [user('a'), user('b')], groups: base.groups }));
    expect(plan.users).toEqual({ added: [], changed: [], disabled: [], enabled: [], removed: [] });
    expect(plan.memberships).toEqual([]);
  });

  it('passes the read warnings on', () => {
    expect(planSync(known, { ...base, warnings: ['user uid=x has no uid; skipped'] }).warnings).toEqual(['user uid=x has no uid; skipped']);
  });
});
