import { parsePrincipals, principalsText } from './principals.js';

describe('principals as administrators type them', () => {
  it('reads user names, groups, everyone and OUs', () => {
    expect(parsePrincipals('alice, group:Traders ,everyone\nuser:bob\nou:OU=Sales,DC=example,DC=com')).toEqual([
      { kind: 'user', name: 'alice' },
      { kind: 'group', name: 'Traders' },
      { kind: 'everyone' },
      { kind: 'user', name: 'bob' },
      { kind: 'ou', id: 'OU=Sales,DC=example,DC=com' },
    ]);
  });

  it('reads nothing from blanks', () => {
    expect(parsePrincipals(' , \n\n')).toEqual([]);
  });

  it('writes lists the way it reads them', () => {
    const text = principalsText([
      { kind: 'user', id: 'u1', label: 'alice' },
      { kind: 'group', id: 'g1', label: 'Traders' },
      { kind: 'everyone', id: '*', label: 'everyone' },
    ]);
    expect(text).toBe('alice, group:Traders, everyone');
    expect(parsePrincipals(text)).toEqual([{ kind: 'user', name: 'alice' }, { kind: 'group', name: 'Traders' }, { kind: 'everyone' }]);
  });
});
