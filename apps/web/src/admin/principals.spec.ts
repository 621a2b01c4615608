import { holderText, listChange, parseHolder, parsePrincipals, principalsText } from './principals.js';

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

  it('works out what to add and remove for a list as retyped, by name in any case, removing by id', () => {
    const current = [
      { kind: 'user', id: 'u1', label: 'alice' },
      { kind: 'group', id: 'g1', label: 'Traders' },
      { kind: 'everyone', id: '*', label: 'everyone' },
    ] as const;
    expect(listChange(current, 'Alice, group:traders, everyone')).toBeUndefined();
    expect(listChange(current, 'alice, bob, bob\ngroup:Sales')).toEqual({
      add: [
        { kind: 'user', name: 'bob' },
        { kind: 'group', name: 'Sales' },
      ],
      remove: [{ kind: 'group', id: 'g1' }, { kind: 'everyone' }],
    });
    expect(listChange([], '')).toBeUndefined();
    expect(listChange([{ kind: 'ou', id: 'OU=Sales,DC=example,DC=com', label: 'OU=Sales,DC=example,DC=com' }], '')).toEqual({ add: [], remove: [{ kind: 'ou', id: 'OU=Sales,DC=example,DC=com' }] });
  });

  it('reads one policy target or role holder, and writes it the way it reads it', () => {
    expect(parseHolder(' grace ')).toEqual({ kind: 'user', name: 'grace' });
    expect(parseHolder('group:Contractors')).toEqual({ kind: 'group', name: 'Contractors' });
    expect(() => parseHolder('alice, bob')).toThrow('Name one user or group: alice, user:alice or group:Traders.');
    expect(() => parseHolder('  ')).toThrow('Name one user or group');
    expect(holderText({ kind: 'group', id: 'g1', label: 'Contractors' })).toBe('group:Contractors');
    expect(parseHolder(holderText({ kind: 'user', id: 'u1', label: 'grace' }))).toEqual({ kind: 'user', name: 'grace' });
  });
});
