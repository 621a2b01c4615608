import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { directoryFixture, startFixtureDirectory } from './directory-fixture.js';
import { startSlapd } from './slapd.js';
import { tempDir } from './temp.js';

const run = promisify(execFile);

const ldapsearch = (url: string, bindDn: string, password: string, base: string, ...args: string[]) =>
  run('ldapsearch', ['-x', '-LLL', '-H', url, '-D', bindDn, '-w', password, '-b', base, ...args]);

const dns = (ldif: string) => ldif.split('\n').filter((line) => /^dn:/.test(line));

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('startSlapd', () => {
  it('serves the fixture directory on loopback, to the rootdn and to the service account, and stops', async () => {
    const slapd = await startFixtureDirectory('openldap');
    try {
      expect(slapd.url).toBe(`ldap://127.0.0.1:${slapd.port}`);
      const asRoot = await ldapsearch(slapd.url, slapd.rootDn, slapd.rootPassword, slapd.suffix, '(objectClass=inetOrgPerson)', 'dn');
      expect(dns(asRoot.stdout)).toHaveLength(20);
      const svc = await ldapsearch(slapd.url, directoryFixture.service.bindDn, directoryFixture.service.bindPassword, slapd.suffix, '(uid=alice)', 'entryUUID', 'userPassword');
      expect(svc.stdout).toMatch(/^entryUUID: [0-9a-f-]{36}$/m);
      // Nobody but the user reads a password.
      expect(svc.stdout).not.toMatch(/userPassword/);
      await expect(ldapsearch(slapd.url, '', '', slapd.suffix, '(uid=alice)')).rejects.toThrow();
    } finally {
      await slapd.stop();
    }
    expect(await canConnect(slapd.port)).toBe(false);
  });

  it('creates just the suffix entry without an LDIF, and streams an LDIF given in chunks', async () => {
    const empty = await startSlapd({ suffix: 'dc=empty,dc=test', rootPassword: 'root-secret' });
    try {
      const all = await ldapsearch(empty.url, empty.rootDn, 'root-secret', empty.suffix, '(objectClass=*)', 'dn');
      expect(dns(all.stdout)).toEqual(['dn: dc=empty,dc=test']);
    } finally {
      await empty.stop();
    }

    function* chunks() {
      yield 'dn: dc=chunked,dc=test\nobjectClass: dcObject\nobjectClass: organization\ndc: chunked\no: c\n\n';
      for (let i = 0; i < 600; i++) yield `dn: ou=unit${i},dc=chunked,dc=test\nobjectClass: organizationalUnit\nou: unit${i}\n\n`;
    }
    const chunked = await startSlapd({ suffix: 'dc=chunked,dc=test', ldif: chunks() });
    try {
      const all = await ldapsearch(chunked.url, chunked.rootDn, chunked.rootPassword, chunked.suffix, '(objectClass=organizationalUnit)', 'dn');
      expect(dns(all.stdout)).toHaveLength(600);
    } finally {
      await chunked.stop();
    }
  });

  it('serves ldaps:// and StartTLS with a certificate the client can trust', async () => {
    const slapd = await startSlapd({ tls: true });
    const dir = tempDir('parley-ca-');
    try {
      expect(slapd.ldapsUrl).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
      const ca = join(dir.path, 'ca.pem');
      writeFileSync(ca, slapd.certificate!);
      const env = { ...process.env, LDAPTLS_CACERT: ca, LDAPTLS_REQCERT: 'demand' };
      const whoami = (...args: string[]) => run('ldapwhoami', ['-x', '-D', slapd.rootDn, '-w', slapd.rootPassword, ...args], { env });
      expect((await whoami('-H', slapd.ldapsUrl!)).stdout).toContain(slapd.rootDn);
      expect((await whoami('-H', slapd.url, '-ZZ')).stdout).toContain(slapd.rootDn);
    } finally {
      dir.remove();
      await slapd.stop();
    }
  });

  it('reports an LDIF that slapadd refuses', async () => {
    await expect(startSlapd({ ldif: 'dn: dc=parley,dc=test\nobjectClass: noSuchClass\n\n' })).rejects.toThrow(/slapadd failed/);
  });

  it('caps unpaged searches of ordinary accounts at 500 entries, as AD does at 1,000', async () => {
    function* ldif() {
      yield 'dn: dc=parley,dc=test\nobjectClass: dcObject\nobjectClass: organization\ndc: parley\no: p\n\n';
      yield 'dn: cn=reader,dc=parley,dc=test\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: reader-secret\n\n';
      for (let i = 0; i < 501; i++) yield `dn: ou=unit${i},dc=parley,dc=test\nobjectClass: organizationalUnit\nou: unit${i}\n\n`;
    }
    const slapd = await startSlapd({ ldif: ldif() });
    try {
      const reader = 'cn=reader,dc=parley,dc=test';
      await expect(ldapsearch(slapd.url, reader, 'reader-secret', slapd.suffix, '(objectClass=organizationalUnit)', 'dn')).rejects.toThrow(/Size limit exceeded/);
      const paged = await ldapsearch(slapd.url, reader, 'reader-secret', slapd.suffix, '-E', 'pr=100/noprompt', '(objectClass=organizationalUnit)', 'dn');
      expect(dns(paged.stdout)).toHaveLength(501);
    } finally {
      await slapd.stop();
    }
  });
});
