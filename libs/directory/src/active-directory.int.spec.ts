import { ForbiddenError, UnauthorizedError } from '@parley/contracts';
import { activeDirectoryFixture, startFixtureDirectory, type TestSlapd } from '@parley/testing';
import { Attribute, Change, Client } from 'ldapts';
import { LdapAuthenticator } from './authenticator.js';
import { planSync } from './planner.js';
import { DirectoryReader } from './reader.js';
import { applyRead, EMPTY_STATE } from './records.js';

// slapd holding AD-shaped entries (fixtures/ad-emulation.schema): what the "ad" preset reads.
describe('the ad preset, against AD-shaped entries', () => {
  let slapd: TestSlapd;
  let config: { preset: 'ad'; urls: string[]; baseDn: string; bindDn: string; bindPassword: string };
  beforeAll(async () => {
    slapd = await startFixtureDirectory('ad');
    config = { preset: 'ad', urls: [slapd.url], baseDn: slapd.suffix, bindDn: slapd.rootDn, bindPassword: slapd.rootPassword };
  });
  afterAll(() => slapd.stop());

  it('reads objectGUID as a GUID string, sAMAccountName as the user name, and userAccountControl 0x2 as disabled', async () => {
    const snapshot = await new DirectoryReader(config).readAll();
    expect(snapshot.users.sort((a, b) => a.username.localeCompare(b.username))).toEqual([
      {
        externalId: '0a0b0c0d-1111-4222-8333-444455556666',
        dn: 'cn=Ada Lovelace,ou=Staff,dc=corp,dc=test',
        username: 'ada',
        displayName: 'Ada Lovelace',
        email: 'ada@corp.test',
        enabled: true,
        ouDn: 'ou=Staff,dc=corp,dc=test',
      },
      expect.objectContaining({ externalId: '2a2b2c2d-3333-4444-8555-666677778888', username: 'grace', enabled: true }),
      expect.objectContaining({ externalId: '1a1b1c1d-2222-4333-8444-555566667777', username: 'linus', enabled: false }),
    ]);
    expect(snapshot.groups).toEqual([
      {
        externalId: '4a4b4c4d-5555-4666-8777-88889999aaaa',
        dn: 'cn=Staff Group,ou=Staff,dc=corp,dc=test',
        name: 'Staff Group',
        description: 'Everyone on staff',
        memberDns: ['cn=Ada Lovelace,ou=Staff,dc=corp,dc=test', 'cn=Linus Lamport,ou=Staff,dc=corp,dc=test'],
      },
    ]);
    expect(snapshot.ous).toEqual([{ externalId: '6f1c2a9e-0b3d-4c5e-8f70-112233445566', dn: 'ou=Staff,dc=corp,dc=test', name: 'Staff', parentDn: null }]);
    expect(JSON.parse(snapshot.watermark)).toEqual({ usn: '100', server: expect.stringMatching(/^CN=NTDS Settings,CN=DC1,/) });
  });

  it('reads changes by uSNChanged above the watermark', async () => {
    const first = await new DirectoryReader(config).readAll();
    const admin = new Client({ url: slapd.url });
    await admin.bind(slapd.rootDn, slapd.rootPassword);
    const set = (type: string, value: string) => new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });
    // AD bumps uSNChanged itself; slapd needs telling.
    await admin.modify('CN=Grace Murray,OU=Staff,DC=corp,DC=test', [set('displayName', 'Grace Hopper'), set('uSNChanged', '101')]);
    await admin.unbind();

    const changes = await new DirectoryReader(config).readChanges(first.watermark);
    if (changes.kind !== 'changes') throw new Error('expected a change set');
    expect(changes.users.map((u) => u.displayName)).toEqual(['Grace Hopper']);
    expect(changes.ids.users).toHaveLength(3);
    const plan = planSync(applyRead(EMPTY_STATE, first), changes);
    expect(plan.users.changed.map((c) => [c.after.username, c.fields])).toEqual([['grace', ['displayName']]]);
  });

  it('reads everything again when the watermark comes from another domain controller', async () => {
    const read = await new DirectoryReader(config).readChanges(JSON.stringify({ usn: '50', server: 'CN=NTDS Settings,CN=DC2,CN=Servers' }));
    expect(read.kind).toBe('snapshot');
    expect(read.users).toHaveLength(3);
  });

  it('signs in by sAMAccountName or userPrincipalName, and refuses a disabled account', async () => {
    const auth = new LdapAuthenticator(config);
    const { passwordOf } = activeDirectoryFixture;
    expect((await auth.authenticate('ada', passwordOf('ada'))).externalId).toBe('0a0b0c0d-1111-4222-8333-444455556666');
    expect((await auth.authenticate('ada@corp.test', passwordOf('ada'))).username).toBe('ada');
    await expect(auth.authenticate('linus', passwordOf('linus'))).rejects.toThrow(ForbiddenError);
    // A computer account is not a person.
    await expect(auth.authenticate('WORKSTATION1$', 'anything')).rejects.toThrow(UnauthorizedError);
  });
});
