import { parse, setting } from '@parley/config';
import { z } from 'zod';

/** Settings of the provisioning service beyond the common ones (docs/configuration.md). */
export const provisioningSettings = {
  accessTokenTtlS: setting('PARLEY_ACCESS_TOKEN_TTL_S', parse.int(60, 3_600), 'lifetime of access tokens, in seconds; a disabled user keeps access at most this long on other services', { default: '600' }),
  refreshTokenTtlS: setting('PARLEY_REFRESH_TOKEN_TTL_S', parse.int(300, 30 * 86_400), 'lifetime of refresh tokens (a session without activity), in seconds', { default: '43200' }),
  tokenIssuer: setting('PARLEY_TOKEN_ISSUER', parse.string(256), 'the `iss` of access tokens; every service must expect the same', { default: 'parley' }),
  keyRotationHours: setting('PARLEY_KEY_ROTATION_HOURS', parse.int(1, 24 * 365), 'how often the token signing key is replaced (without downtime)', { default: '24' }),
  signInFreeFailures: setting('PARLEY_SIGNIN_FREE_FAILURES', parse.int(1, 1_000), 'failed sign-ins of one account allowed before each further attempt must wait (1 s, doubling)', { default: '5' }),
  signInLockoutFailures: setting('PARLEY_SIGNIN_LOCKOUT_FAILURES', parse.int(1, 10_000), 'failed sign-ins of one account, within 15 minutes, that lock it', { default: '10' }),
  signInLockoutMinutes: setting('PARLEY_SIGNIN_LOCKOUT_MINUTES', parse.int(1, 24 * 60), 'how long a locked account refuses every sign-in', { default: '15' }),
  signInAddressFreeFailures: setting('PARLEY_SIGNIN_ADDRESS_FREE_FAILURES', parse.int(1, 1_000_000), 'failed sign-ins from one client address before it must wait; raise it when many users share an address (NAT)', { default: '20' }),
  publicChannelUrl: setting('PARLEY_PUBLIC_CHANNEL_URL', parse.url(), 'where clients open live sessions (a channel server, or the load balancer in front of them)', {
    default: 'http://127.0.0.1:8081',
  }),
  publicLookupUrl: setting('PARLEY_PUBLIC_LOOKUP_URL', parse.optionalUrl(), 'where clients ask which channel server to use and find rooms (the lookup service, or the load balancer in front of it); empty: clients use PARLEY_PUBLIC_CHANNEL_URL', {
    default: '',
    defaultDoc: '(none)',
  }),
  publicComplianceUrl: setting('PARLEY_PUBLIC_COMPLIANCE_URL', parse.optionalUrl(), 'where compliance officers reach the compliance service (exports, holds, retention); empty: not advertised', {
    default: '',
    defaultDoc: '(none)',
  }),
  publicFilesUrl: setting('PARLEY_PUBLIC_FILES_URL', parse.url(), 'where clients upload and download files (the files service, or the load balancer in front of it)', {
    default: 'http://127.0.0.1:8082',
  }),
  database: setting('PARLEY_PROVISIONING_DB', parse.optionalString(2_048), 'projection database: sqlite:<file>, postgres://... or mssql://...', {
    default: '',
    defaultDoc: 'sqlite:<PARLEY_DATA_DIR>/provisioning.sqlite',
  }),
  initialAdminPasswordFile: setting('PARLEY_INITIAL_ADMIN_PASSWORD_FILE', parse.optionalString(1_024), 'where the generated password of the first administrator is written (once, mode 0600)', {
    default: '',
    defaultDoc: '<PARLEY_DATA_DIR>/initial-admin-password',
  }),
  initialAdminPassword: setting('PARLEY_INITIAL_ADMIN_PASSWORD', parse.optionalString(1_024), 'the first administrator’s password, instead of a generated one', { default: '', secret: true }),
  directoryUrls: setting('PARLEY_DIRECTORY_URL', parse.optionalString(2_048), 'LDAP / Active Directory server URLs (comma-separated, tried in order); empty: local users only', { default: '' }),
  directoryPreset: setting('PARLEY_DIRECTORY_PRESET', parse.oneOf(['openldap', 'ad']), 'attribute mapping: openldap or ad', { default: 'openldap' }),
  directoryBindDn: setting('PARLEY_DIRECTORY_BIND_DN', parse.optionalString(1_024), 'the service account that reads the directory', { default: '' }),
  directoryBindPassword: setting('PARLEY_DIRECTORY_BIND_PASSWORD', parse.optionalString(1_024), 'its password', { default: '', secret: true }),
  directoryBaseDn: setting('PARLEY_DIRECTORY_BASE_DN', parse.optionalString(1_024), 'where users, groups and OUs are searched', { default: '' }),
  directoryUserFilter: setting('PARLEY_DIRECTORY_USER_FILTER', parse.optionalString(2_048), 'LDAP filter for users (the preset’s by default)', { default: '' }),
  directoryGroupFilter: setting('PARLEY_DIRECTORY_GROUP_FILTER', parse.optionalString(2_048), 'LDAP filter for groups (the preset’s by default)', { default: '' }),
  directorySyncIntervalS: setting('PARLEY_DIRECTORY_SYNC_INTERVAL_S', parse.int(0, 7 * 86_400), 'seconds between incremental directory syncs; 0: only on demand', { default: '900' }),
  oidcIssuer: setting('PARLEY_OIDC_ISSUER', z.union([z.literal(''), z.url()]), 'an external OpenID Connect issuer whose ID tokens Parley trusts; empty: none', { default: '' }),
  oidcClientId: setting('PARLEY_OIDC_CLIENT_ID', parse.optionalString(256), 'Parley’s client id at that issuer (the expected audience)', { default: '' }),
  oidcUsernameClaim: setting('PARLEY_OIDC_USERNAME_CLAIM', parse.string(64), 'the ID-token claim holding the Parley user name', { default: 'preferred_username' }),
};
