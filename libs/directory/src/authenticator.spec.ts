import { adAccountState, loginFilter } from './authenticator.js';
import { parseDirectoryConfig } from './config.js';
import { resolveProfile } from './profile.js';

const config = { urls: ['ldap://x'], bindDn: 'cn=svc,dc=x', bindPassword: 's', baseDn: 'dc=x' };

describe('loginFilter', () => {
  it('escapes the user name as an RFC 4515 value', () => {
    const p = resolveProfile(parseDirectoryConfig({ ...config, preset: 'openldap' }));
    expect(loginFilter(p, '*)(uid=*')).toBe('(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a))');
    expect(loginFilter(p, 'a\\b\0')).toBe('(&(objectClass=inetOrgPerson)(uid=a\\5cb\\00))');
  });

  it('matches any of the login attributes (AD: sAMAccountName or userPrincipalName)', () => {
    const p = resolveProfile(parseDirectoryConfig({ ...config, preset: 'ad' }));
    expect(loginFilter(p, 'ada@corp.test')).toBe('(&(&(objectCategory=person)(objectClass=user))(|(sAMAccountName=ada@corp.test)(userPrincipalName=ada@corp.test)))');
  });
});

describe('adAccountState', () => {
  it('reads why AD refused a bind with the right password, and nothing from a wrong password', () => {
    const message = (code: string) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${code}, v4563`;
    expect(adAccountState(message('533'))).toBe('account disabled');
    expect(adAccountState(message('775'))).toBe('account locked');
    expect(adAccountState(message('52e'))).toBeUndefined();
    expect(adAccountState(message('525'))).toBeUndefined();
    expect(adAccountState('Invalid credentials')).toBeUndefined();
  });
});
