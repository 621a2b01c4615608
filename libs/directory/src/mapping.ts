import type { Entry } from 'ldapts';
import { DnCanon } from './dn.js';
import { guidFromBytes } from './guid.js';
import type { DirectoryProfile } from './profile.js';
import type { DirectoryGroup, DirectoryOu, DirectoryUser } from './records.js';

/** A search entry as ldapts returns it: attribute names as the server spells them. */
export type LdapEntry = Entry;

/** A mapped record, or null if the entry cannot be one; and what was wrong with the entry. */
export interface Mapped<T> {
  record: T | null;
  warnings: string[];
}

/** All values of an attribute, whatever the case the server used for its name. */
export function valuesOf(entry: LdapEntry, attribute: string): (string | Buffer)[] {
  const wanted = attribute.toLowerCase();
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn' || name.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value : [value];
  }
  return [];
}

export const asText = (value: string | Buffer): string => (typeof value === 'string' ? value : value.toString('utf8'));

export function textOf(entry: LdapEntry, attribute: string): string | undefined {
  const first = valuesOf(entry, attribute)[0];
  return first === undefined ? undefined : asText(first);
}

function firstText(entry: LdapEntry, attributes: readonly string[]): string | undefined {
  for (const attribute of attributes) {
    const value = textOf(entry, attribute)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The entry's stable id in text form, or undefined if it has none. */
export function externalIdOf(entry: LdapEntry, p: DirectoryProfile): string | undefined {
  const value = valuesOf(entry, p.attributes.id)[0];
  if (value === undefined) return undefined;
  if (p.attributes.idEncoding === 'text') return asText(value).trim() || undefined;
  // A GUID must arrive as bytes (the reader asks for them); text here means it was mangled.
  return Buffer.isBuffer(value) && value.length === 16 ? guidFromBytes(value) : undefined;
}

function isDisabled(entry: LdapEntry, p: DirectoryProfile): boolean {
  const rule = p.disabled;
  if (rule.userAccountControl && (Number(textOf(entry, 'userAccountControl') ?? 0) & 0x2) !== 0) return true;
  if (rule.present.some((attribute) => valuesOf(entry, attribute).length > 0)) return true;
  return rule.equals.some(({ attribute, value }) =>
    valuesOf(entry, attribute).some((v) => asText(v).trim().toLowerCase() === value.toLowerCase()),
  );
}

const skipped = (warning: string): Mapped<never> => ({ record: null, warnings: [warning] });
const noId = (kind: string, entry: LdapEntry, p: DirectoryProfile) => skipped(`${kind} ${entry.dn} has no usable ${p.attributes.id}; skipped`);

/** `dns`: share one across a read, so that each DN is parsed once. */
export function mapUser(entry: LdapEntry, p: DirectoryProfile, dns = new DnCanon()): Mapped<DirectoryUser> {
  const externalId = externalIdOf(entry, p);
  if (!externalId) return noId('user', entry, p);
  const username = textOf(entry, p.attributes.username)?.trim();
  if (!username) return skipped(`user ${entry.dn} has no ${p.attributes.username}; skipped`);
  const { dn, ouDn } = dns.withOu(entry.dn);
  return {
    warnings: [],
    record: {
      externalId,
      dn,
      username,
      displayName: firstText(entry, p.attributes.displayName) ?? username,
      email: textOf(entry, p.attributes.email)?.trim() ?? '',
      enabled: !isDisabled(entry, p),
      ouDn,
    },
  };
}

// uniqueMember values may carry an optional unique identifier after the DN: `cn=x,dc=y#'0101'B`.
const OPTIONAL_UID = /#'[01]*'B$/;

export function mapGroup(entry: LdapEntry, p: DirectoryProfile, dns = new DnCanon()): Mapped<DirectoryGroup> {
  const externalId = externalIdOf(entry, p);
  if (!externalId) return noId('group', entry, p);
  const memberDns: string[] = [];
  const warnings: string[] = [];
  for (const attribute of p.attributes.member) {
    for (const value of valuesOf(entry, attribute)) {
      const dn = asText(value).replace(OPTIONAL_UID, '');
      const canonical = dns.of(dn);
      if (canonical !== null) memberDns.push(canonical);
      else warnings.push(`group ${entry.dn} lists member "${dn}", which is not a DN; ignored`);
    }
  }
  const { dn } = dns.withOu(entry.dn);
  return {
    warnings,
    record: {
      externalId,
      dn,
      name: textOf(entry, p.attributes.groupName)?.trim() || dn,
      description: textOf(entry, p.attributes.groupDescription)?.trim() ?? '',
      memberDns,
    },
  };
}

export function mapOu(entry: LdapEntry, p: DirectoryProfile, dns = new DnCanon()): Mapped<DirectoryOu> {
  const externalId = externalIdOf(entry, p);
  if (!externalId) return noId('organisational unit', entry, p);
  const { dn, ouDn } = dns.withOu(entry.dn);
  return {
    warnings: [],
    record: {
      externalId,
      dn,
      name: textOf(entry, p.attributes.ouName)?.trim() || dn,
      parentDn: ouDn,
    },
  };
}
