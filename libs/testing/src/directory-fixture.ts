import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSlapd, type SlapdOptions, type TestSlapd } from './slapd.js';

// Both src/ (under Jest) and dist/ (compiled) sit next to fixtures/.
const FIXTURES = join(__dirname, '..', 'fixtures');

/**
 * fixtures/directory.ldif, an OpenLDAP directory under dc=parley,dc=test: OUs Engineering, Sales
 * and Legal under ou=people; 20 users (heidi disabled by employeeType, mallory locked by
 * pwdAccountLockedTime, pat with an escaped comma in the DN, victor and walter directly under
 * ou=people); groups all-staff ⊃ engineering ⊃ backend, frontend (groupOfUniqueNames) and sales
 * (which lists a deleted user), legal apart, and the cycle ring-a ⊃ ring-b ⊃ ring-a.
 */
export const directoryFixture = {
  ldif: join(FIXTURES, 'directory.ldif'),
  suffix: 'dc=parley,dc=test',
  /** The service account, as directory settings name it. */
  service: { bindDn: 'cn=parley-svc,ou=services,dc=parley,dc=test', bindPassword: 'service-secret' },
  passwordOf: (uid: string) => `Secret-${uid}`,
} as const;

/**
 * fixtures/active-directory.ldif: a few entries shaped like Active Directory's (objectGUID,
 * sAMAccountName, userAccountControl, uSNChanged, a computer account), held by slapd with
 * fixtures/ad-emulation.schema; the root DSE publishes highestCommittedUSN 100 and dsServiceName.
 */
export const activeDirectoryFixture = {
  ldif: join(FIXTURES, 'active-directory.ldif'),
  schema: join(FIXTURES, 'ad-emulation.schema'),
  rootDse: join(FIXTURES, 'ad-root-dse.ldif'),
  suffix: 'DC=corp,DC=test',
  passwordOf: (samAccountName: string) => `Secret-${samAccountName}`,
} as const;

/** A slapd loaded with one of the fixtures above. */
export function startFixtureDirectory(which: 'openldap' | 'ad', options: Pick<SlapdOptions, 'tls' | 'rootPassword'> = {}): Promise<TestSlapd> {
  if (which === 'openldap') {
    return startSlapd({ ...options, suffix: directoryFixture.suffix, ldif: readFileSync(directoryFixture.ldif, 'utf8') });
  }
  const ad = activeDirectoryFixture;
  return startSlapd({ ...options, suffix: ad.suffix, ldif: readFileSync(ad.ldif, 'utf8'), schemas: [ad.schema], rootDse: ad.rootDse });
}
