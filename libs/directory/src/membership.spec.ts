import { resolveMembers, resolveNestedMembers, type GroupMembers } from './membership.js';
import type { DirectoryGroup, DirectoryState, DirectoryUser } from './records.js';

const user = (id: string, dn = `uid=${id},ou=people,dc=x`): DirectoryUser => ({
  externalId: id,
  dn,
  username: id,
  displayName: id,
  email: '',
  enabled: true,
  ouDn: 'ou=people,dc=x',
});
const group = (id: string, memberDns: string[]): DirectoryGroup => ({ externalId: id, dn: `cn=${id},ou=groups,dc=x`, name: id, description: '', memberDns });
const state = (users: DirectoryUser[], groups: DirectoryGroup[]): DirectoryState => ({
  users: new Map(users.map((u) => [u.externalId, u])),
  groups: new Map(groups.map((g) => [g.externalId, g])),
  ous: new Map(),
});
const members = (entries: Record<string, Partial<GroupMembers>>) =>
  new Map(Object.entries(entries).map(([id, m]) => [id, { users: m.users ?? [], groups: m.groups ?? [] }]));
const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort();

describe('resolveMembers', () => {
  it('resolves member DNs to users and groups whatever their spelling, once each, and warns about the rest', () => {
    const resolved = resolveMembers(
      state(
        [user('u1'), user('u2')],
        [group('g1', ['UID=U1, OU=People,DC=x', 'uid=u1,ou=people,dc=x', 'cn=g2,ou=groups,dc=x', 'uid=gone,ou=people,dc=x']), group('g2', ['uid=u2,ou=people,dc=x'])],
      ),
    );
    expect(resolved.members.get('g1')).toEqual({ users: ['u1'], groups: ['g2'] });
    expect(resolved.members.get('g2')).toEqual({ users: ['u2'], groups: [] });
    expect(resolved.warnings).toEqual(['group cn=g1,ou=groups,dc=x lists member uid=gone,ou=people,dc=x, which is no known user or group']);
  });
});

describe('resolveNestedMembers', () => {
  it('collects users through nesting to any depth', () => {
    const nested = resolveNestedMembers(
      members({ all: { users: ['ceo'], groups: ['eng', 'sales'] }, eng: { users: ['lead'], groups: ['backend'] }, backend: { users: ['a', 'b'] }, sales: { users: ['s'] } }),
    );
    expect(sorted(nested.get('all'))).toEqual(['a', 'b', 'ceo', 'lead', 's']);
    expect(sorted(nested.get('eng'))).toEqual(['a', 'b', 'lead']);
    expect(sorted(nested.get('backend'))).toEqual(['a', 'b']);
  });

  it('terminates on cycles and gives every group of a cycle the same members', () => {
    const nested = resolveNestedMembers(
      members({ top: { groups: ['a'] }, a: { users: ['x'], groups: ['b'] }, b: { users: ['y'], groups: ['c', 'leaf'] }, c: { groups: ['a'] }, leaf: { users: ['z'] }, self: { users: ['s'], groups: ['self'] } }),
    );
    for (const id of ['a', 'b', 'c', 'top']) expect(sorted(nested.get(id))).toEqual(['x', 'y', 'z']);
    expect(sorted(nested.get('leaf'))).toEqual(['z']);
    expect(sorted(nested.get('self'))).toEqual(['s']);
  });

  it('ignores nested groups it does not know, and survives nesting deeper than the call stack', () => {
    const chain = new Map<string, GroupMembers>();
    const depth = 100_000;
    for (let i = 0; i < depth; i++) chain.set(`g${i}`, i + 1 < depth ? { users: [], groups: [`g${i + 1}`] } : { users: ['deepest'], groups: ['unknown'] });
    const nested = resolveNestedMembers(chain);
    expect(sorted(nested.get('g0'))).toEqual(['deepest']);
  });
});
