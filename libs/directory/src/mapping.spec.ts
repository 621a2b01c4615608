import { parseDirectoryConfig } from './config.js';
import { mapGroup, mapOu, mapUser, type LdapEntry } from './mapping.js';
import { resolveProfile } from './profile.js';

const config = { urls: ['ldap://x'], bindDn: 'cn=svc,dc=x', bindPassword: 's', baseDn: 'dc=x' };
const openldap = resolveProfile(parseDirectoryConfig({ ...config, preset: 'openldap' }));
const ad = resolveProfile(parseDirectoryConfig({ ...config, preset: 'ad' }));

describe('mapUser', () => {
  it('maps an OpenLDAP entry, whatever the case of attribute names', () => {
    const entry: LdapEntry = {
      dn: 'UID=alice, OU=Engineering,ou=people,dc=x',
      entryuuid: 'be36be18-7da2-1041-9206-f5af5700e03e',
      uid: 'alice',
      cn: 'Alice Archer',
      mail: 'alice@x',
    };
    expect(mapUser(entry, openldap)).toEqual({
      warnings: [],
      record: {
        externalId: 'be36be18-7da2-1041-9206-f5af5700e03e',
        dn: 'uid=alice,ou=Engineering,ou=people,dc=x',
        username: 'alice',
        displayName: 'Alice Archer',
        email: 'alice@x',
        enabled: true,
        ouDn: 'ou=Engineering,ou=people,dc=x',
      },
    });
  });

  it('sees OpenLDAP accounts disabled by a lock time or by employeeType', () => {
    const base: LdapEntry = { dn: 'uid=m,dc=x', entryUUID: 'id', uid: 'm' };
    expect(mapUser({ ...base, pwdAccountLockedTime: '000001010000Z' }, openldap).record?.enabled).toBe(false);
    expect(mapUser({ ...base, employeeType: ['contractor', 'DISABLED'] }, openldap).record?.enabled).toBe(false);
    expect(mapUser({ ...base, employeeType: 'contractor' }, openldap).record?.enabled).toBe(true);
  });

  it('maps an AD entry: binary objectGUID, sAMAccountName, userAccountControl bit 0x2', () => {
    const entry: LdapEntry = {
      dn: 'CN=Ada Lovelace,CN=Users,DC=x',
      objectGUID: Buffer.from('9e2a1c6f3d0b5e4c8f70112233445566', 'hex'),
      sAMAccountName: 'ada',
      displayName: 'Ada Lovelace',
      userAccountControl: '514',
    };
    expect(mapUser(entry, ad).record).toEqual({
      externalId: '6f1c2a9e-0b3d-4c5e-8f70-112233445566',
      dn: 'cn=Ada Lovelace,cn=Users,dc=x',
      username: 'ada',
      displayName: 'Ada Lovelace',
      email: '',
      enabled: false,
      ouDn: null,
    });
    expect(mapUser({ ...entry, userAccountControl: '66048' }, ad).record?.enabled).toBe(true);
  });

  it('skips entries without an id or a user name, with a warning', () => {
    expect(mapUser({ dn: 'uid=a,dc=x', uid: 'a' }, openldap)).toEqual({ record: null, warnings: ['user uid=a,dc=x has no usable entryUUID; skipped'] });
    expect(mapUser({ dn: 'cn=a,dc=x', entryUUID: 'id' }, openldap).warnings).toEqual(['user cn=a,dc=x has no uid; skipped']);
    // A GUID that arrived as text was mangled on the way: never guess.
    expect(mapUser({ dn: 'cn=a,dc=x', objectGUID: 'abc', sAMAccountName: 'a' }, ad).record).toBeNull();
  });
});

describe('mapGroup and mapOu', () => {
  it('collects member and uniqueMember DNs, dropping the optional UID and warning about values that are no DN', () => {
    const mapped = mapGroup(
      { dn: 'cn=team,ou=groups,dc=x', entryUUID: 'g', cn: 'team', member: ['uid=a, dc=x', 'not a dn'], uniqueMember: "uid=b,dc=x#'0101'B" },
      openldap,
    );
    expect(mapped.record).toEqual({ externalId: 'g', dn: 'cn=team,ou=groups,dc=x', name: 'team', description: '', memberDns: ['uid=a,dc=x', 'uid=b,dc=x'] });
    expect(mapped.warnings).toEqual(['group cn=team,ou=groups,dc=x lists member "not a dn", which is not a DN; ignored']);
  });

  it('maps an OU with its enclosing OU', () => {
    expect(mapOu({ dn: 'ou=Legal,ou=people,dc=x', entryUUID: 'o', ou: 'Legal' }, openldap).record).toEqual({
      externalId: 'o',
      dn: 'ou=Legal,ou=people,dc=x',
      name: 'Legal',
      parentDn: 'ou=people,dc=x',
    });
  });
});
