import { InternalError } from '@parley/contracts';
import type { LdapEntry } from './mapping.js';
import { completeRangedValues, hasRangedValues } from './ranged.js';

const members = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `uid=u${from + i},dc=x`);

describe('completeRangedValues', () => {
  it('fetches the rest of a ranged attribute, slice by slice, as AD hands out large groups', async () => {
    const asked: string[] = [];
    const entry = { dn: 'cn=big,dc=x', cn: 'big', 'member;range=0-1499': members(0, 1499) };
    expect(hasRangedValues(entry)).toBe(true);
    const complete = await completeRangedValues(entry, async (attribute): Promise<LdapEntry> => {
      asked.push(attribute);
      return attribute === 'member;range=1500-*'
        ? { dn: entry.dn, 'member;range=1500-2999': members(1500, 2999) }
        : { dn: entry.dn, 'member;range=3000-*': members(3000, 3100) };
    });
    expect(asked).toEqual(['member;range=1500-*', 'member;range=3000-*']);
    expect(complete).toEqual({ dn: 'cn=big,dc=x', cn: 'big', member: members(0, 3100) });
    expect(hasRangedValues(complete)).toBe(false);
  });

  it('fails clearly if the server does not hand out the next slice', async () => {
    const entry = { dn: 'cn=big,dc=x', 'member;range=0-1499': members(0, 1499) };
    await expect(completeRangedValues(entry, async () => ({ dn: entry.dn }))).rejects.toThrow(InternalError);
  });
});
