import { SupervisedProcess } from '@parley/supervisor';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { once } from 'node:events';
import { selfSignedCertificate, slapdConf } from './slapd-config.js';
import { tempDir } from './temp.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';

export type LdifSource = string | Iterable<string> | AsyncIterable<string>;

export interface SlapdOptions {
  /** The naming context; `dc=parley,dc=test` by default. */
  suffix?: string;
  /** Entries loaded with slapadd before the server starts, the suffix entry included. Without it, only the suffix entry exists. */
  ldif?: LdifSource;
  /** The rootdn's password; random by default. */
  rootPassword?: string;
  /** Extra schema files: names in /etc/ldap/schema (`misc`) or absolute paths. */
  schemas?: readonly string[];
  /** An LDIF file of attributes to add to the root DSE (they must be in the schema). */
  rootDse?: string;
  /** Also listen on ldaps:// and offer StartTLS, with a self-signed certificate for 127.0.0.1. */
  tls?: boolean;
}

export interface TestSlapd {
  /** `ldap://127.0.0.1:<port>` */
  url: string;
  port: number;
  suffix: string;
  /** The all-powerful rootdn (no size limits, no access control). */
  rootDn: string;
  rootPassword: string;
  /** With `tls`: `ldaps://127.0.0.1:<port>`, and the certificate (PEM) to trust. */
  ldapsUrl?: string;
  certificate?: string;
  /** Stops the server and deletes its database. */
  stop(): Promise<void>;
}

function suffixEntry(suffix: string): string {
  const [type, value] = suffix.split(',')[0]!.split('=') as [string, string];
  if (type.trim().toLowerCase() !== 'dc') throw new Error(`startSlapd: give the suffix entry in ldif when the suffix (${suffix}) does not start with dc=`);
  return `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${value}\no: ${value}\n\n`;
}

/** Runs slapadd over the LDIF, streamed through its stdin so a generated directory is never held in memory. */
async function slapadd(conf: string, ldif: LdifSource): Promise<void> {
  const child = spawn(SLAPADD, ['-f', conf, '-q'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let running = true;
  const exited = (once(child, 'exit') as Promise<[number | null]>).finally(() => (running = false));
  child.stdin.on('error', () => undefined);
  for await (const chunk of typeof ldif === 'string' ? [ldif] : ldif) {
    // slapadd stops at the first bad entry: stop feeding it then, and report its complaint.
    if (!running) break;
    if (!child.stdin.write(chunk)) await Promise.race([once(child.stdin, 'drain'), exited]);
  }
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`slapadd failed (exit ${code}): ${stderr.trim().slice(-2_000)}`);
}

/** Ports free right now, all different (held open together while they are picked). */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

async function launch(conf: string, urls: readonly string[], ports: readonly number[]): Promise<SupervisedProcess> {
  // -d: stay in the foreground (and so under the watchdog); level 0 logs nothing but fatal errors.
  const child = SupervisedProcess.spawn(SLAPD, ['-f', conf, '-h', urls.join(' '), '-d', '0']);
  const deadline = Date.now() + 20_000;
  while (!(await Promise.all(ports.map(answers))).every(Boolean)) {
    if (!child.running || Date.now() > deadline) {
      await child.stop();
      throw new Error(`slapd did not start on ${urls.join(' ')}: ${child.recent.slice(-10).join('\n  ') || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child;
}

/**
 * An OpenLDAP slapd on a free loopback port with a temporary MDB database, loaded with slapadd
 * (fast: no LDAP round trips) before it starts. It dies with the test process. Schemas: core,
 * cosine, inetorgperson, nis, plus ppolicy; non-root accounts get 500 entries per unpaged search
 * (see slapd-config.ts).
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<TestSlapd> {
  if (!existsSync(SLAPD) || !existsSync(SLAPADD)) {
    throw new Error('slapd is not installed: run "apt-get install -y slapd ldap-utils" (as root)');
  }
  const suffix = options.suffix ?? 'dc=parley,dc=test';
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = options.rootPassword ?? randomBytes(12).toString('base64url');
  const dir = tempDir('parley-slapd-');
  try {
    mkdirSync(join(dir.path, 'db'));
    const conf = join(dir.path, 'slapd.conf');
    const tls = options.tls ? selfSignedCertificate(dir.path) : undefined;
    writeFileSync(conf, slapdConf({ dir: dir.path, suffix, rootDn, rootPassword, schemas: options.schemas, rootDse: options.rootDse, tls }));
    await slapadd(conf, options.ldif ?? suffixEntry(suffix));
    let child: SupervisedProcess | undefined;
    let ports: number[] = [];
    // Another process may take a free port before slapd binds it: try again with others.
    for (let attempt = 1; !child; attempt++) {
      ports = await freePorts(tls ? 2 : 1);
      const urls = ports.map((port, i) => `${i === 0 ? 'ldap' : 'ldaps'}://127.0.0.1:${port}/`);
      child = await launch(conf, urls, ports).catch((error: unknown) => {
        if (attempt >= 3) throw error;
        return undefined;
      });
    }
    const running = child;
    return {
      url: `ldap://127.0.0.1:${ports[0]}`,
      port: ports[0]!,
      suffix,
      rootDn,
      rootPassword,
      ...(tls ? { ldapsUrl: `ldaps://127.0.0.1:${ports[1]}`, certificate: readFileSync(tls.certificate, 'utf8') } : {}),
      async stop() {
        await running.stop();
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}
