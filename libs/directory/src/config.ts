import { parseOrThrow } from '@parley/contracts';
import { FilterParser } from 'ldapts';
import { z } from 'zod';
import { isDn } from './dn.js';

function isFilter(text: string): boolean {
  try {
    FilterParser.parseString(text);
    return true;
  } catch {
    return false;
  }
}

const DnSchema = z.string().trim().refine(isDn, 'must be a distinguished name, e.g. ou=people,dc=example,dc=com');
const FilterSchema = z.string().trim().refine(isFilter, 'must be an LDAP filter (RFC 4515), e.g. (objectClass=person)');
const AttributeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an attribute name');
const UrlSchema = z.string().regex(/^ldaps?:\/\/[^\s/]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port]');

/** Which directory attributes fill which fields; anything left out comes from the preset. */
const AttributeOverridesSchema = z.strictObject({
  /** The stable id: objectGUID (AD), entryUUID (OpenLDAP), or e.g. employeeNumber. */
  id: AttributeSchema.optional(),
  /** `guid`: 16 binary bytes in Microsoft GUID layout; `text`: the value as it is. */
  idEncoding: z.enum(['guid', 'text']).optional(),
  username: AttributeSchema.optional(),
  /** Attributes a sign-in name is matched against, any of them (AD: sAMAccountName or UPN). */
  login: z.array(AttributeSchema).min(1).optional(),
  /** Tried in order; the first present wins. */
  displayName: z.array(AttributeSchema).min(1).optional(),
  email: AttributeSchema.optional(),
  groupName: AttributeSchema.optional(),
  groupDescription: AttributeSchema.optional(),
  /** Attributes that hold member DNs. */
  member: z.array(AttributeSchema).min(1).optional(),
  ouName: AttributeSchema.optional(),
});

/** When a user counts as disabled, besides AD's userAccountControl flag. */
const DisabledRuleSchema = z.strictObject({
  /** Disabled when any of these attributes is present (OpenLDAP default: pwdAccountLockedTime). */
  present: z.array(AttributeSchema).optional(),
  /** Disabled when an attribute has this value, compared case-insensitively (default: employeeType = disabled). */
  equals: z.array(z.strictObject({ attribute: AttributeSchema, value: z.string().min(1) })).optional(),
});

const TlsSchema = z.strictObject({
  /** Upgrade `ldap://` connections with StartTLS before binding. */
  startTls: z.boolean().default(false),
  /** PEM certificates to trust instead of the system's roots (a private CA). */
  ca: z.array(z.string().min(1)).optional(),
  /** Refuse servers whose certificate does not verify. Turn off only for a lab. */
  rejectUnauthorized: z.boolean().default(true),
});

export const DirectoryConfigSchema = z.strictObject({
  /** The defaults to start from: attribute names, filters and the change marker of AD or OpenLDAP. */
  preset: z.enum(['ad', 'openldap']),
  /** Servers tried in order until one answers. AD change tracking is per server: list one DC first. */
  urls: z.array(UrlSchema).min(1),
  /** The service account that reads the directory. */
  bindDn: DnSchema,
  // An empty password would make an unauthenticated bind, which servers answer with "success".
  bindPassword: z.string().min(1),
  baseDn: DnSchema,
  /** Where users are searched; the base DN by default. */
  userBase: DnSchema.optional(),
  /** Where groups are searched; the base DN by default. */
  groupBase: DnSchema.optional(),
  userFilter: FilterSchema.optional(),
  groupFilter: FilterSchema.optional(),
  ouFilter: FilterSchema.optional(),
  /** Entries per page of a paged search (AD answers at most 1,000 by default). */
  pageSize: z.int().min(1).max(100_000).default(1_000),
  /** Milliseconds allowed for connecting and for each request. */
  timeoutMs: z.int().min(100).max(600_000).default(10_000),
  tls: TlsSchema.prefault({}),
  attributes: AttributeOverridesSchema.prefault({}),
  disabled: DisabledRuleSchema.prefault({}),
});

export type DirectoryConfigInput = z.input<typeof DirectoryConfigSchema>;
export type DirectoryConfig = z.output<typeof DirectoryConfigSchema>;

/** Validates directory settings, or throws a ValidationError naming every bad field. */
export function parseDirectoryConfig(input: unknown): DirectoryConfig {
  return parseOrThrow(DirectoryConfigSchema, input, 'invalid directory configuration');
}
