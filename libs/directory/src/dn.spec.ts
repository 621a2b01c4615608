import { ValidationError } from '@parley/contracts';
import { canonicalDn, DnCanon, dnKey, enclosingOuDn, isDn, parentDn, sameDn } from './dn.js';

describe('canonicalDn', () => {
  it('lower-cases attribute types, drops spaces around separators and keeps the values as written', () => {
    expect(canonicalDn('CN=Ada Lovelace , OU=Staff,  DC=corp,DC=test')).toBe('cn=Ada Lovelace,ou=Staff,dc=corp,dc=test');
    expect(canonicalDn(' uid = alice ; ou=people ')).toBe('uid=alice,ou=people');
  });

  it('writes escapes in one form: hex escapes of special characters become backslash escapes, UTF-8 is decoded', () => {
    expect(canonicalDn("cn=Pat O'Brien\\2C Jr.,ou=Legal")).toBe("cn=Pat O'Brien\\, Jr.,ou=Legal");
    expect(canonicalDn('cn=Erin Ekstr\\C3\\B6m,ou=x')).toBe('cn=Erin Ekström,ou=x');
    expect(canonicalDn('cn=a\\+b\\=c\\"d\\<e\\>f\\;g\\\\h,dc=x')).toBe('cn=a\\+b=c\\"d\\<e\\>f\\;g\\\\h,dc=x');
  });

  it('keeps significant spaces and a leading # escaped', () => {
    expect(canonicalDn('cn=\\ padded\\ ,dc=x')).toBe('cn=\\ padded\\ ,dc=x');
    expect(canonicalDn('cn=\\20,dc=x')).toBe('cn=\\ ,dc=x');
    expect(canonicalDn('cn=\\#1,dc=x')).toBe('cn=\\#1,dc=x');
    expect(canonicalDn('cn=#04024869,dc=x')).toBe('cn=#04024869,dc=x');
  });

  it('keeps multi-valued RDNs and OID types', () => {
    expect(canonicalDn('CN=Ann + UID=ann,DC=x')).toBe('cn=Ann+uid=ann,dc=x');
    expect(canonicalDn('OID.2.5.4.3=Ann,DC=x')).toBe('2.5.4.3=Ann,dc=x');
  });

  it('refuses what is not a DN', () => {
    for (const bad of ['no equals sign', 'cn=a,', 'cn=a,,dc=b', '=a', 'c n=a', 'cn=a\\']) {
      expect(() => canonicalDn(bad)).toThrow(ValidationError);
      expect(isDn(bad)).toBe(false);
    }
    expect(isDn('')).toBe(false);
    expect(isDn('dc=x')).toBe(true);
  });
});

describe('dnKey and sameDn', () => {
  it('compare values case-insensitively, whatever the spacing and escaping', () => {
    expect(sameDn("CN=pat o'brien\\2C jr., OU=Legal,ou=people, dc=parley,dc=test", "cn=Pat O'Brien\\, Jr.,ou=Legal,ou=people,dc=parley,dc=test")).toBe(true);
    expect(dnKey('UID=Alice,OU=People')).toBe('uid=alice,ou=people');
    expect(sameDn('uid=alice,ou=people', 'uid=alicia,ou=people')).toBe(false);
  });

  it('do not depend on the order inside a multi-valued RDN', () => {
    expect(sameDn('uid=ann+cn=Ann,dc=x', 'CN=ann+UID=ANN,dc=x')).toBe(true);
  });

  it('tell an escaped comma from a separator', () => {
    expect(sameDn('cn=a\\,b,dc=x', 'cn=a,b=,dc=x')).toBe(false);
  });
});

describe('parentDn and enclosingOuDn', () => {
  it('find the parent, and the nearest organisational unit above the entry', () => {
    expect(parentDn('uid=alice,ou=Engineering,ou=people,dc=parley,dc=test')).toBe('ou=Engineering,ou=people,dc=parley,dc=test');
    expect(parentDn('dc=test')).toBeNull();
    expect(enclosingOuDn('uid=alice,ou=Engineering,ou=people,dc=parley,dc=test')).toBe('ou=Engineering,ou=people,dc=parley,dc=test');
    expect(enclosingOuDn('CN=Ada,CN=Users,OU=Corp,DC=x')).toBe('ou=Corp,dc=x');
    expect(enclosingOuDn('CN=Ada,CN=Users,DC=x')).toBeNull();
    // An OU's own RDN does not count: its enclosing OU is its parent's.
    expect(enclosingOuDn('ou=people,dc=parley,dc=test')).toBeNull();
  });
});

describe('DnCanon', () => {
  it('answers as canonicalDn and enclosingOuDn do, null for what is not a DN, and the same again from memory', () => {
    const dns = new DnCanon();
    const user = 'UID=alice, OU=Engineering,ou=people,DC=parley,DC=test';
    expect(dns.withOu(user)).toEqual({ dn: canonicalDn(user), ouDn: enclosingOuDn(user) });
    expect(dns.of(user)).toBe(canonicalDn(user));
    for (const dn of ["cn=Pat O'Brien\\2C Jr.,ou=Legal", 'cn=Ann + uid=ann,dc=x', 'dc=x']) {
      expect(dns.of(dn)).toBe(canonicalDn(dn));
      expect(dns.of(dn)).toBe(canonicalDn(dn));
    }
    for (const bad of ['', 'no equals sign', 'cn=a\\']) expect([dns.of(bad), dns.of(bad)]).toEqual([null, null]);
    expect(() => dns.withOu('cn=a,,dc=b')).toThrow(ValidationError);
  });
});
