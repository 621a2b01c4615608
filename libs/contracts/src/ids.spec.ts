import { uuidv7, UuidSchema } from './ids.js';
import { Subjects } from './subjects.js';

describe('uuidv7', () => {
  it('is a valid version 7 UUID that sorts by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(UuidSchema.safeParse(a).success).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(0)));
    expect(ids.size).toBe(10_000);
  });
});

describe('Subjects', () => {
  it('names aggregate subjects and streams, with and without a namespace', () => {
    expect(new Subjects().aggregate({ kind: 'room', id: 'r1' })).toBe('chat.room.r1');
    const ns = new Subjects('t-1');
    expect(ns.aggregate({ kind: 'room', id: 'r1' })).toBe('t-1.chat.room.r1');
    expect(ns.stream('chat')).toBe('t_1_CHAT');
    expect(ns.parseAggregate('t-1.chat.room.r1')).toEqual({ kind: 'room', id: 'r1' });
    expect(ns.parseAggregate('chat.room.r1')).toBeUndefined();
  });

  it('refuses ids that would break a subject', () => {
    for (const id of ['a.b', '*', '>', 'a b', '']) {
      expect(() => new Subjects().aggregate({ kind: 'room', id })).toThrow(/invalid room id: id: /);
    }
  });
});

describe('distinguished names', () => {
  it('normalises case and spaces, keeping escaped separators', async () => {
    const { normalizeDn, dnWithin } = await import('./principals.js');
    expect(normalizeDn(' CN=Smith\\, John , OU=Sales,DC=Example ')).toBe('cn=smith\\, john,ou=sales,dc=example');
    expect(dnWithin('cn=a,ou=sales,dc=x', 'ou=sales,dc=x')).toBe(true);
    expect(dnWithin('cn=a,ou=presales,dc=x', 'ou=sales,dc=x')).toBe(false);
  });
});
