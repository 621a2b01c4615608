import { ValidationError } from '@parley/contracts';
import { parseDirectoryConfig } from './config.js';
import { groupAttributes, resolveProfile, userAttributes } from './profile.js';

const minimal = {
  preset: 'openldap',
  urls: ['ldap://ldap.example.com:389'],
  bindDn: 'cn=parley,ou=services,dc=example,dc=com',
  bindPassword: 'secret',
  baseDn: 'dc=example,dc=com',
} as const;

describe('parseDirectoryConfig', () => {
  it('fills in the defaults', () => {
    const config = parseDirectoryConfig(minimal);
    expect(config).toMatchObject({ pageSize: 1_000, timeoutMs: 10_000, tls: { startTls: false, rejectUnauthorized: true }, attributes: {}, disabled: {} });
  });

  it('names every bad field, and refuses unknown ones and an empty service password', () => {
    let error: unknown;
    try {
      parseDirectoryConfig({ ...minimal, urls: ['http://x'], bindPassword: '', baseDn: 'example.com', userFilter: 'objectClass=person)', pageSize: 0, colour: 'blue' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['urls.0', 'bindPassword', 'baseDn', 'userFilter', 'pageSize', 'colour']);
  });
});

describe('resolveProfile', () => {
  it('takes the OpenLDAP preset and asks for the operational attributes by name', () => {
    const p = resolveProfile(parseDirectoryConfig(minimal));
    expect(p.userBase).toBe('dc=example,dc=com');
    expect(p.userFilter).toBe('(objectClass=inetOrgPerson)');
    expect(userAttributes(p)).toEqual(expect.arrayContaining(['entryUUID', 'uid', 'displayName', 'cn', 'mail', 'pwdAccountLockedTime', 'employeeType', 'modifyTimestamp']));
    expect(groupAttributes(p)).toEqual(expect.arrayContaining(['member', 'uniqueMember']));
  });

  it('takes the AD preset, with overrides on top', () => {
    const p = resolveProfile(
      parseDirectoryConfig({
        ...minimal,
        preset: 'ad',
        userBase: 'OU=Staff,DC=example,DC=com',
        attributes: { email: 'userPrincipalName' },
        disabled: { equals: [{ attribute: 'extensionAttribute1', value: 'left' }] },
      }),
    );
    expect(p.attributes).toMatchObject({ id: 'objectGUID', idEncoding: 'guid', username: 'sAMAccountName', email: 'userPrincipalName' });
    expect(p.disabled).toEqual({ userAccountControl: true, present: [], equals: [{ attribute: 'extensionAttribute1', value: 'left' }] });
    expect(p.changeMarker).toBe('uSNChanged');
    expect(userAttributes(p)).toEqual(expect.arrayContaining(['objectGUID', 'userAccountControl', 'uSNChanged', 'extensionAttribute1']));
  });
});
