import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { SupervisedProcess } from './child.js';
import { selfSignedCertificate, slapdConf } from './slapd-config.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';

/** LDIF text, whole or in chunks (a generated directory is streamed, never held as one string). */
export type LdifSource = string | Iterable<string> | AsyncIterable<string>;

export interface SlapdServerOptions {
  /** An existing, empty directory of its own: configuration, database and certificate go there; deleting it is the caller's job. */
  dir: string;
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

function suffixEntry(suffix: string): string {
  const [type, value] = suffix.split(',')[0]!.split('=') as [string, string];
  if (type.trim().toLowerCase() !== 'dc') throw new Error(`slapd: give the suffix entry in ldif when the suffix (${suffix}) does not start with dc=`);
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
 * An OpenLDAP slapd on a free loopback port with an MDB database, loaded with slapadd (fast: no
 * LDAP round trips) before it starts, which dies with us. Schemas: core, cosine, inetorgperson,
 * nis, plus ppolicy; non-root accounts get 500 entries per unpaged search (see slapd-config.ts).
 */
export class SlapdServer {
  private constructor(
    private readonly process: SupervisedProcess,
    /** The all-powerful rootdn (no size limits, no access control). */
    readonly rootDn: string,
    readonly rootPassword: string,
    readonly suffix: string,
    readonly port: number,
    /** With `tls`: the ldaps:// port, and the certificate (PEM) to trust. */
    readonly ldapsPort: number | undefined,
    readonly certificate: string | undefined,
  ) {}

  static async start(options: SlapdServerOptions): Promise<SlapdServer> {
    if (!existsSync(SLAPD) || !existsSync(SLAPADD)) {
      throw new Error('slapd is not installed: run "apt-get install -y slapd ldap-utils" (as root)');
    }
    const { dir } = options;
    const suffix = options.suffix ?? 'dc=parley,dc=test';
    const rootDn = `cn=admin,${suffix}`;
    const rootPassword = options.rootPassword ?? randomBytes(12).toString('base64url');
    mkdirSync(join(dir, 'db'));
    const conf = join(dir, 'slapd.conf');
    const tls = options.tls ? selfSignedCertificate(dir) : undefined;
    writeFileSync(conf, slapdConf({ dir, suffix, rootDn, rootPassword, schemas: options.schemas, rootDse: options.rootDse, tls }));
    await slapadd(conf, options.ldif ?? suffixEntry(suffix));
    // Another process may take a free port before slapd binds it: try again with others.
    for (let attempt = 1; ; attempt++) {
      const ports = await freePorts(tls ? 2 : 1);
      const urls = ports.map((port, i) => `${i === 0 ? 'ldap' : 'ldaps'}://127.0.0.1:${port}/`);
      const child = await launch(conf, urls, ports).catch((error: unknown) => {
        if (attempt >= 3) throw error;
        return undefined;
      });
      if (child) return new SlapdServer(child, rootDn, rootPassword, suffix, ports[0]!, ports[1], tls && readFileSync(tls.certificate, 'utf8'));
    }
  }

  /** `ldap://127.0.0.1:<port>` */
  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  /** `ldaps://127.0.0.1:<port>` with `tls`. */
  get ldapsUrl(): string | undefined {
    return this.ldapsPort === undefined ? undefined : `ldaps://127.0.0.1:${this.ldapsPort}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** Graceful stop (SIGTERM); the database stays in its directory. */
  async stop(): Promise<void> {
    await this.process.stop();
  }
}
