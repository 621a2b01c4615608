import { UnavailableError } from '@parley/contracts';
import { directoryFixture, startFixtureDirectory, type TestSlapd } from '@parley/testing';
import { LdapAuthenticator } from './authenticator.js';
import { DirectoryReader } from './reader.js';

describe('TLS to the directory', () => {
  let slapd: TestSlapd;
  beforeAll(async () => {
    slapd = await startFixtureDirectory('openldap', { tls: true });
  });
  afterAll(() => slapd.stop());

  const settings = (url: string, tls: object) => ({ preset: 'openldap' as const, urls: [url], baseDn: slapd.suffix, ...directoryFixture.service, tls });

  it('reads over ldaps:// and signs in over StartTLS, trusting the given CA', async () => {
    const overLdaps = await new DirectoryReader(settings(slapd.ldapsUrl!, { ca: [slapd.certificate!] })).readAll();
    expect(overLdaps.users).toHaveLength(20);
    const overStartTls = new LdapAuthenticator(settings(slapd.url, { startTls: true, ca: [slapd.certificate!] }));
    expect((await overStartTls.authenticate('alice', directoryFixture.passwordOf('alice'))).username).toBe('alice');
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    const untrusted = new DirectoryReader(settings(slapd.ldapsUrl!, {})).readAll();
    await expect(untrusted).rejects.toThrow(UnavailableError);
    await expect(untrusted).rejects.toThrow(/self[- ]signed/i);
    const untrustedStartTls = new DirectoryReader(settings(slapd.url, { startTls: true })).readAll();
    await expect(untrustedStartTls).rejects.toThrow(UnavailableError);
  });
});
