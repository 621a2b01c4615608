import { SlapdServer, type LdifSource, type SlapdServerOptions } from '@parley/supervisor';
import { tempDir } from './temp.js';

export type { LdifSource };

export type SlapdOptions = Omit<SlapdServerOptions, 'dir'>;

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

/**
 * An OpenLDAP slapd (see SlapdServer in libs/supervisor) on a free loopback port, with its
 * configuration and database in a temporary directory that `stop()` deletes. It dies with the
 * test process.
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<TestSlapd> {
  const dir = tempDir('parley-slapd-');
  try {
    const server = await SlapdServer.start({ ...options, dir: dir.path });
    return {
      url: server.url,
      port: server.port,
      suffix: server.suffix,
      rootDn: server.rootDn,
      rootPassword: server.rootPassword,
      ...(server.ldapsUrl ? { ldapsUrl: server.ldapsUrl, certificate: server.certificate! } : {}),
      async stop() {
        await server.stop();
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}
