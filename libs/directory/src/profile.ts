import type { DirectoryConfig } from './config.js';

/** Which attribute fills which field of the normalised records. */
export interface AttributeMapping {
  id: string;
  idEncoding: 'guid' | 'text';
  username: string;
  login: readonly string[];
  displayName: readonly string[];
  email: string;
  groupName: string;
  groupDescription: string;
  member: readonly string[];
  ouName: string;
}

export interface DisabledRule {
  /** AD: the ACCOUNTDISABLE bit (0x2) of userAccountControl. */
  userAccountControl: boolean;
  present: readonly string[];
  equals: readonly { attribute: string; value: string }[];
}

/** How changes are found: AD's update sequence numbers, or OpenLDAP's modification times. */
export type ChangeMarker = 'uSNChanged' | 'modifyTimestamp';

/** Everything the reader and the authenticator need, presets and overrides resolved. */
export interface DirectoryProfile {
  config: DirectoryConfig;
  userBase: string;
  groupBase: string;
  userFilter: string;
  groupFilter: string;
  ouFilter: string;
  attributes: AttributeMapping;
  disabled: DisabledRule;
  changeMarker: ChangeMarker;
}

interface Preset {
  userFilter: string;
  groupFilter: string;
  ouFilter: string;
  attributes: AttributeMapping;
  disabled: DisabledRule;
  changeMarker: ChangeMarker;
}

const PRESETS: Record<DirectoryConfig['preset'], Preset> = {
  ad: {
    // objectCategory=person leaves out computer accounts, which are objectClass=user too.
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    groupFilter: '(objectClass=group)',
    ouFilter: '(objectClass=organizationalUnit)',
    attributes: {
      id: 'objectGUID',
      idEncoding: 'guid',
      username: 'sAMAccountName',
      login: ['sAMAccountName', 'userPrincipalName'],
      displayName: ['displayName', 'cn'],
      email: 'mail',
      groupName: 'cn',
      groupDescription: 'description',
      member: ['member'],
      ouName: 'ou',
    },
    disabled: { userAccountControl: true, present: [], equals: [] },
    changeMarker: 'uSNChanged',
  },
  openldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
    ouFilter: '(objectClass=organizationalUnit)',
    attributes: {
      id: 'entryUUID',
      idEncoding: 'text',
      username: 'uid',
      login: ['uid'],
      displayName: ['displayName', 'cn'],
      email: 'mail',
      groupName: 'cn',
      groupDescription: 'description',
      member: ['member', 'uniqueMember'],
      ouName: 'ou',
    },
    // pwdAccountLockedTime is what the ppolicy overlay (and administrators) set to lock an account.
    disabled: { userAccountControl: false, present: ['pwdAccountLockedTime'], equals: [{ attribute: 'employeeType', value: 'disabled' }] },
    changeMarker: 'modifyTimestamp',
  },
};

export function resolveProfile(config: DirectoryConfig): DirectoryProfile {
  const preset = PRESETS[config.preset];
  const overrides = Object.fromEntries(Object.entries(config.attributes).filter(([, value]) => value !== undefined));
  return {
    config,
    userBase: config.userBase ?? config.baseDn,
    groupBase: config.groupBase ?? config.baseDn,
    userFilter: config.userFilter ?? preset.userFilter,
    groupFilter: config.groupFilter ?? preset.groupFilter,
    ouFilter: config.ouFilter ?? preset.ouFilter,
    attributes: { ...preset.attributes, ...overrides },
    disabled: {
      userAccountControl: preset.disabled.userAccountControl,
      present: config.disabled.present ?? preset.disabled.present,
      equals: config.disabled.equals ?? preset.disabled.equals,
    },
    changeMarker: preset.changeMarker,
  };
}

const unique = (names: readonly string[]) => [...new Set(names)];

/** Attributes to request for users. Operational ones (entryUUID, modifyTimestamp, pwdAccountLockedTime) come only when named. */
export function userAttributes(p: DirectoryProfile): string[] {
  const a = p.attributes;
  const uac = p.disabled.userAccountControl ? ['userAccountControl'] : [];
  const equals = p.disabled.equals.map((rule) => rule.attribute);
  return unique([a.id, a.username, ...a.login, ...a.displayName, a.email, ...uac, ...p.disabled.present, ...equals, p.changeMarker]);
}

export function groupAttributes(p: DirectoryProfile): string[] {
  const a = p.attributes;
  return unique([a.id, a.groupName, a.groupDescription, ...a.member, p.changeMarker]);
}

export function ouAttributes(p: DirectoryProfile): string[] {
  return unique([p.attributes.id, p.attributes.ouName, p.changeMarker]);
}
