import { execFileSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export interface SlapdConfigOptions {
  dir: string;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  /** Extra schema files: names in /etc/ldap/schema or absolute paths. */
  schemas?: readonly string[];
  rootDse?: string;
  /** PEM files of the server's certificate and key, for ldaps:// and StartTLS. */
  tls?: { certificate: string; key: string };
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A slapd.conf for one directory server: an MDB database, realistic limits and access rules. */
export function slapdConf(o: SlapdConfigOptions): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis', ...(o.schemas ?? [])];
  return [
    ...schemas.map((s) => `include ${quote(isAbsolute(s) ? s : join(SCHEMA_DIR, `${s}.schema`))}`),
    `modulepath ${MODULE_DIR}`,
    'moduleload back_mdb',
    // ppolicy defines pwdAccountLockedTime, the usual way to lock an OpenLDAP account.
    'moduleload ppolicy',
    `pidfile ${quote(join(o.dir, 'slapd.pid'))}`,
    `argsfile ${quote(join(o.dir, 'slapd.args'))}`,
    ...(o.rootDse ? [`rootDSE ${quote(o.rootDse)}`] : []),
    ...(o.tls ? [`TLSCertificateFile ${quote(o.tls.certificate)}`, `TLSCertificateKeyFile ${quote(o.tls.key)}`] : []),
    'database mdb',
    // A virtual size: the file grows only as entries are added (150,000 users take a few hundred MB).
    'maxsize 8589934592',
    `suffix ${quote(o.suffix)}`,
    `rootdn ${quote(o.rootDn)}`,
    `rootpw ${quote(o.rootPassword)}`,
    `directory ${quote(join(o.dir, 'db'))}`,
    // Like AD's MaxPageSize: ordinary accounts get 500 entries per search unless they page.
    'limits users size.soft=500 size.hard=500 size.prtotal=unlimited',
    'index objectClass eq',
    'index uid eq',
    'index entryUUID eq',
    'index member,uniqueMember eq',
    // Passwords: users change their own, anyone may bind with one, nobody reads them.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    'overlay ppolicy',
    '',
  ].join('\n');
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day: its own CA. */
export function selfSignedCertificate(dir: string): { certificate: string; key: string } {
  const certificate = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', key, '-out', certificate,
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { certificate, key };
}
