import { ForbiddenError, UnauthorizedError, UnavailableError } from '@parley/contracts';
import { directoryFixture, startFixtureDirectory, type TestSlapd } from '@parley/testing';
import { LdapAuthenticator } from './authenticator.js';

const S = 'dc=parley,dc=test';
const { passwordOf } = directoryFixture;
/** The error a sign-in fails with; a sign-in that succeeds fails the test. */
const refusal = (attempt: Promise<unknown>, who = 'the user') =>
  attempt.then(
    () => {
      throw new Error(`${who} signed in`);
    },
    (error: unknown) => error as Error,
  );

describe('LdapAuthenticator against OpenLDAP', () => {
  let slapd: TestSlapd;
  let auth: LdapAuthenticator;
  beforeAll(async () => {
    slapd = await startFixtureDirectory('openldap');
    auth = new LdapAuthenticator({ preset: 'openldap', urls: [slapd.url], baseDn: slapd.suffix, ...directoryFixture.service });
  });
  afterAll(() => slapd.stop());

  const failure = (username: string, password: string) => refusal(auth.authenticate(username, password), username);

  it('signs a user in with the right password and returns the directory record', async () => {
    expect(await auth.authenticate('alice', passwordOf('alice'))).toMatchObject({
      dn: `uid=alice,ou=Engineering,ou=people,${S}`,
      username: 'alice',
      displayName: 'Alice Archer',
      enabled: true,
    });
    // Whatever the case of the name, and through a DN with an escaped comma.
    expect((await auth.authenticate('ALICE', passwordOf('alice'))).username).toBe('alice');
    expect((await auth.authenticate('pat', passwordOf('pat'))).dn).toBe(`cn=Pat O'Brien\\, Jr.,ou=Legal,ou=people,${S}`);
  });

  it('gives a wrong password and an unknown user the same UnauthorizedError', async () => {
    const wrong = await failure('alice', 'not-her-password');
    const unknown = await failure('nobody', 'whatever');
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(unknown.message).toBe(wrong.message);
    expect(wrong.message).not.toMatch(/alice|exist|unknown/i);
  });

  it('refuses an empty password before any bind: it would be an unauthenticated bind that succeeds', async () => {
    expect(await failure('alice', '')).toBeInstanceOf(UnauthorizedError);
    // Not even the directory is asked: one that is down still gives UnauthorizedError.
    const nowhere = new LdapAuthenticator({ preset: 'openldap', urls: ['ldap://127.0.0.1:1'], baseDn: S, ...directoryFixture.service });
    expect(await refusal(nowhere.authenticate('alice', ''))).toBeInstanceOf(UnauthorizedError);
    expect(await failure('', 'x')).toBeInstanceOf(UnauthorizedError);
  });

  it('gives ForbiddenError to a disabled or locked user with the right password, and UnauthorizedError with a wrong one', async () => {
    expect(await failure('heidi', passwordOf('heidi'))).toBeInstanceOf(ForbiddenError);
    expect(await failure('mallory', passwordOf('mallory'))).toBeInstanceOf(ForbiddenError);
    expect(await failure('heidi', 'guess')).toBeInstanceOf(UnauthorizedError);
  });

  it('treats filter syntax in a user name as plain text', async () => {
    // Unescaped, each of these would select alice's entry (or several), and alice's password would let them in.
    for (const name of ['ali*', 'alice)(uid=alice', '*)(uid=alice', '*)(uid=*', '*', 'alice)(|(uid=*', 'alice\\', 'alice\0']) {
      const error = await failure(name, passwordOf('alice'));
      expect(error).toBeInstanceOf(UnauthorizedError);
    }
  });

  it('fails with UnavailableError naming the URL when the directory is down', async () => {
    const down = await startFixtureDirectory('openldap');
    const gone = new LdapAuthenticator({ preset: 'openldap', urls: [down.url], baseDn: S, ...directoryFixture.service, timeoutMs: 2_000 });
    await down.stop();
    const error = await refusal(gone.authenticate('alice', passwordOf('alice')));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain(down.url);
  });

  it('tries the next server when the first does not answer', async () => {
    const failover = new LdapAuthenticator({ preset: 'openldap', urls: ['ldap://127.0.0.1:1', slapd.url], baseDn: S, ...directoryFixture.service });
    expect((await failover.authenticate('bob', passwordOf('bob'))).username).toBe('bob');
  });

  it('reports a rejected service account as UnavailableError, not as the user\'s fault', async () => {
    const misconfigured = new LdapAuthenticator({ preset: 'openldap', urls: [slapd.url], baseDn: S, bindDn: directoryFixture.service.bindDn, bindPassword: 'wrong' });
    const error = await refusal(misconfigured.authenticate('alice', passwordOf('alice')));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toMatch(/service account/);
  });
});
