import { parsePrincipal, parsePrincipals } from './principal.js';

describe('principals on the command line', () => {
  it.each([
    ['user:alice', { kind: 'user', name: 'alice' }],
    ['group:Backend Team', { kind: 'group', name: 'Backend Team' }],
    ['USER:alice@corp.example', { kind: 'user', name: 'alice@corp.example' }],
    ['user:id=loc-0a1b', { kind: 'user', id: 'loc-0a1b' }],
    ['group:id=dir-c713_8800', { kind: 'group', id: 'dir-c713_8800' }],
    ['ou:OU=Legal, OU=People,DC=corp,DC=example', { kind: 'ou', id: 'OU=Legal, OU=People,DC=corp,DC=example' }],
    ['ou:cn=Pat O\'Brien\\, Jr.,ou=Legal,dc=x', { kind: 'ou', id: "cn=Pat O'Brien\\, Jr.,ou=Legal,dc=x" }],
    ['everyone', { kind: 'everyone' }],
    [' Everyone ', { kind: 'everyone' }],
  ])('reads %s', (text, expected) => {
    expect(parsePrincipal(text, '--allowed')).toEqual(expected);
  });

  it.each([
    ['alice', 'it has no kind'],
    ['room:lobby', '"room" is not a kind of principal'],
    ['user:', 'the user name is missing'],
    ['group:   ', 'the group name is missing'],
    ['user:id=not an id', 'an id has only letters'],
    ['group:id=', 'an id has only letters'],
    ['ou:Legal', 'an OU is named by its DN'],
    [`user:${'x'.repeat(257)}`, 'a user name has at most 256 characters'],
    ['everyone:*', '"everyone" is not a kind of principal'],
  ])('refuses %s, naming the option', (text, why) => {
    expect(() => parsePrincipal(text, '--denied')).toThrow(`--denied: "${text}" is not a principal: ${why}`);
    expect(() => parsePrincipal(text, '--denied')).toThrow('(write user:NAME, group:NAME, user:id=ID, group:id=ID, ou:DN or everyone)');
  });

  it('reads repeated options in order, and none as an empty list', () => {
    expect(parsePrincipals(['user:a', 'ou:ou=x,dc=y', 'everyone'], '--allowed')).toEqual([{ kind: 'user', name: 'a' }, { kind: 'ou', id: 'ou=x,dc=y' }, { kind: 'everyone' }]);
    expect(parsePrincipals(undefined, '--allowed')).toEqual([]);
    expect(() => parsePrincipals(['user:a', 'b'], '--member')).toThrow('--member: "b"');
  });
});
