import { UnavailableError } from '@parley/contracts';
import { directoryFixture, startFixtureDirectory, startSlapd, type TestSlapd } from '@parley/testing';
import { generateDirectoryLdif } from './generate-ldif.js';
import { ldifEntry } from './ldif.js';
import { resolveMembers, resolveNestedMembers } from './membership.js';
import { DirectoryReader } from './reader.js';
import { applyRead, EMPTY_STATE, type DirectorySnapshot } from './records.js';

const S = 'dc=parley,dc=test';
const openldap = (slapd: TestSlapd, extra: object = {}) => ({ preset: 'openldap' as const, urls: [slapd.url], baseDn: slapd.suffix, ...directoryFixture.service, ...extra });

describe('DirectoryReader against OpenLDAP', () => {
  let slapd: TestSlapd;
  let snapshot: DirectorySnapshot;
  beforeAll(async () => {
    slapd = await startFixtureDirectory('openldap');
    snapshot = await new DirectoryReader(openldap(slapd)).readAll();
  });
  afterAll(() => slapd.stop());

  const userNamed = (username: string) => snapshot.users.find((u) => u.username === username)!;
  const groupNamed = (name: string) => snapshot.groups.find((g) => g.name === name)!;

  it('reads every user and maps the attributes, entryUUID as the id', () => {
    expect(snapshot.kind).toBe('snapshot');
    expect(snapshot.users).toHaveLength(20);
    expect(userNamed('alice')).toEqual({
      externalId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      dn: `uid=alice,ou=Engineering,ou=people,${S}`,
      username: 'alice',
      displayName: 'Alice Archer',
      email: 'alice@parley.test',
      enabled: true,
      ouDn: `ou=Engineering,ou=people,${S}`,
    });
    expect(new Set(snapshot.users.map((u) => u.externalId)).size).toBe(20);
    expect(userNamed('erin').displayName).toBe('Erin Ekström');
    expect(userNamed('rupert').displayName).toBe('Rupert Reyes');
    expect(userNamed('walter')).toMatchObject({ email: '', ouDn: `ou=people,${S}` });
    expect(userNamed('pat').dn).toBe(`cn=Pat O'Brien\\, Jr.,ou=Legal,ou=people,${S}`);
  });

  it('sees accounts disabled by employeeType and by pwdAccountLockedTime', () => {
    expect(snapshot.users.filter((u) => !u.enabled).map((u) => u.username).sort()).toEqual(['heidi', 'mallory']);
  });

  it('reads the organisational units with their parents', () => {
    const ous = snapshot.ous.map((o) => [o.name, o.parentDn]).sort();
    expect(ous).toEqual([
      ['Engineering', `ou=people,${S}`],
      ['Legal', `ou=people,${S}`],
      ['Sales', `ou=people,${S}`],
      ['groups', null],
      ['people', null],
      ['services', null],
    ]);
  });

  it('reads groupOfNames and groupOfUniqueNames with their member DNs, and warns about a member that no longer exists', () => {
    expect(snapshot.groups.map((g) => g.name).sort()).toEqual(['all-staff', 'backend', 'engineering', 'frontend', 'legal', 'ring-a', 'ring-b', 'sales']);
    expect(groupNamed('frontend').memberDns).toEqual([
      `uid=dan,ou=Engineering,ou=people,${S}`,
      `uid=erin,ou=Engineering,ou=people,${S}`,
      `uid=frank,ou=Engineering,ou=people,${S}`,
    ]);
    expect(groupNamed('legal').description).toBe('Legal team, not in all-staff');
    const { warnings } = resolveMembers(applyRead(EMPTY_STATE, snapshot));
    expect(warnings).toEqual([`group cn=sales,ou=groups,${S} lists member uid=former,ou=Sales,ou=people,${S}, which is no known user or group`]);
  });

  it('resolves nested groups, the cycle included', () => {
    const state = applyRead(EMPTY_STATE, snapshot);
    const nested = resolveNestedMembers(resolveMembers(state).members);
    const names = (group: string) => [...nested.get(groupNamed(group).externalId)!].map((id) => state.users.get(id)!.username).sort();
    expect(names('all-staff')).toEqual(['alice', 'bob', 'carol', 'dan', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'victor']);
    expect(names('engineering')).toEqual(['alice', 'bob', 'carol', 'dan', 'erin', 'frank', 'grace', 'heidi']);
    // Member DN spelled "CN=pat o'brien\2C jr., OU=Legal,..." still names Pat.
    expect(names('legal')).toEqual(['pat', 'rupert', 'sybil', 'trent']);
    expect(names('ring-a')).toEqual(['sybil', 'trent']);
    expect(names('ring-b')).toEqual(['sybil', 'trent']);
  });

  it('narrows the read with the configured bases and filters', async () => {
    const sales = await new DirectoryReader(openldap(slapd, { userBase: `ou=Sales,ou=people,${S}`, groupFilter: '(cn=ring-*)' })).readAll();
    expect(sales.users.map((u) => u.username).sort()).toEqual(['ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy']);
    expect(sales.groups.map((g) => g.name).sort()).toEqual(['ring-a', 'ring-b']);
  });
});

describe('DirectoryReader with more entries than a page', () => {
  it('pages through 1,200 users 100 at a time, as an account that may read only 500 entries unpaged', async () => {
    const reader = { bindDn: `cn=reader,${S}`, bindPassword: 'reader-secret' };
    function* ldif() {
      yield* generateDirectoryLdif({ users: 1_200, groups: 30, seed: 3 });
      yield ldifEntry(reader.bindDn, { objectClass: ['applicationProcess', 'simpleSecurityObject'], cn: 'reader', userPassword: reader.bindPassword });
    }
    const slapd = await startSlapd({ ldif: ldif() });
    try {
      const snapshot = await new DirectoryReader({ preset: 'openldap', urls: [slapd.url], baseDn: slapd.suffix, ...reader, pageSize: 100 }).readAll();
      expect(snapshot.users).toHaveLength(1_200);
      expect(new Set(snapshot.users.map((u) => u.externalId)).size).toBe(1_200);
      expect(snapshot.groups).toHaveLength(30);
      expect(snapshot.warnings).toEqual([]);
    } finally {
      await slapd.stop();
    }
  });
});

describe('DirectoryReader without a directory', () => {
  it('fails with UnavailableError naming the URL', async () => {
    const slapd = await startFixtureDirectory('openldap');
    const reader = new DirectoryReader(openldap(slapd, { timeoutMs: 2_000 }));
    await slapd.stop();
    const failure = reader.readAll();
    await expect(failure).rejects.toThrow(UnavailableError);
    await expect(failure).rejects.toThrow(slapd.url);
    await expect(reader.readChanges(JSON.stringify({ modifyTimestamp: '20250101000000Z' }))).rejects.toThrow(UnavailableError);
  });
});
