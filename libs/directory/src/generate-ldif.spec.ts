import { createHash } from 'node:crypto';
import { ValidationError } from '@parley/contracts';
import { generateDirectoryLdif } from './generate-ldif.js';
import { ldifEntry, sshaPassword } from './ldif.js';

const entries = (chunks: Iterable<string>) => [...chunks].join('').split('\n\n').filter(Boolean);
const hash = (chunks: Iterable<string>) => createHash('sha256').update([...chunks].join('')).digest('hex');

describe('ldifEntry', () => {
  it('writes safe values as they are and everything else in base64', () => {
    expect(ldifEntry('uid=a,dc=x', { cn: ['Ann', 'Ekström'], description: ' leading space', sn: 'ends ' })).toBe(
      'dn: uid=a,dc=x\ncn: Ann\ncn:: RWtzdHLDtm0=\ndescription:: IGxlYWRpbmcgc3BhY2U=\nsn:: ZW5kcyA=\n\n',
    );
  });

  it('makes {SSHA} passwords the way slappasswd does', () => {
    // slappasswd -h {SSHA} -s secret, with the salt it chose: the digest covers password then salt.
    const salt = Buffer.from('0a0b0c0d', 'hex');
    const expected = Buffer.concat([createHash('sha1').update('secret').update(salt).digest(), salt]).toString('base64');
    expect(sshaPassword('secret', salt)).toBe(`{SSHA}${expected}`);
  });
});

describe('generateDirectoryLdif', () => {
  it('is deterministic for a seed, and yields chunks rather than one string', () => {
    const options = { users: 3_000, groups: 40, seed: 7, chunkEntries: 200 };
    const chunks = [...generateDirectoryLdif(options)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(hash(generateDirectoryLdif(options))).toBe(hash(chunks));
    expect(hash(generateDirectoryLdif({ ...options, seed: 8 }))).not.toBe(hash(chunks));
  });

  it('builds OUs, users and three levels of nested groups with a cycle', () => {
    const all = entries(generateDirectoryLdif({ users: 3_000, groups: 40, seed: 1 }));
    const users = all.filter((e) => e.includes('objectClass: inetOrgPerson'));
    const groups = all.filter((e) => e.includes('objectClass: groupOfNames'));
    const ous = all.filter((e) => e.includes('objectClass: organizationalUnit'));
    expect(users).toHaveLength(3_000);
    expect(groups).toHaveLength(40);
    // ou=people, ou=groups, one division and two departments for 3,000 users; 2 department groups and 37 teams.
    expect(ous).toHaveLength(5);
    expect(all[0]).toMatch(/^dn: dc=parley,dc=test\n/);
    const allStaff = groups.find((g) => g.startsWith('dn: cn=all-staff,'))!;
    expect(allStaff).toContain('member: cn=department-001,ou=groups,dc=parley,dc=test');
    const department = groups.find((g) => g.startsWith('dn: cn=department-000,'))!;
    expect(department).toMatch(/member: cn=team-\d{5},ou=groups/);
    expect(groups.find((g) => g.startsWith('dn: cn=team-00035,'))).toContain('member: cn=team-00036,');
    expect(groups.find((g) => g.startsWith('dn: cn=team-00036,'))).toContain('member: cn=team-00035,');
    const disabled = users.filter((u) => u.includes('employeeType: disabled')).length;
    expect(disabled).toBeGreaterThan(5);
    expect(disabled).toBeLessThan(80);
  });

  it('refuses a suffix without a dc= RDN and nonsense counts', () => {
    expect(() => [...generateDirectoryLdif({ users: 1, groups: 0, seed: 1, suffix: 'o=corp' })]).toThrow(ValidationError);
    expect(() => [...generateDirectoryLdif({ users: 0, groups: 0, seed: 1 })]).toThrow(ValidationError);
  });
});
