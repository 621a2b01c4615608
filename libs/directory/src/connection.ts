import { InternalError, ParleyError, UnavailableError } from '@parley/contracts';
import { Client, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import type { ConnectionOptions } from 'node:tls';
import type { DirectoryConfig } from './config.js';
import type { LdapEntry } from './mapping.js';

// LDAP result codes that mean "try again later" (busy, unavailable) rather than "wrong request".
const TRANSIENT_RESULTS = new Set([51, 52]);

/**
 * The coded error for a failed directory operation: a server that cannot be reached, times out
 * or is busy is UnavailableError naming its URL; a request the server refuses is InternalError
 * (a wrong base DN, a filter the schema does not know: configuration, not the caller's fault).
 */
export function directoryError(error: unknown, url: string, action: string): ParleyError {
  if (error instanceof ParleyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ResultCodeError && !TRANSIENT_RESULTS.has(error.code)) {
    return new InternalError(`directory ${url} refused to ${action}: ${message} (LDAP result ${error.code})`, { cause: error });
  }
  return new UnavailableError(`directory ${url} is unavailable (${action}): ${message}`, { cause: error });
}

export interface SearchRequest {
  base: string;
  filter: string;
  attributes: string[];
  scope?: 'base' | 'one' | 'sub';
  /** Attributes whose values must stay bytes (objectGUID). */
  binary?: string[];
  /** Stop after this many entries (the server then reports success with what it found). */
  sizeLimit?: number;
}

function tlsOptions(config: DirectoryConfig): ConnectionOptions {
  return { rejectUnauthorized: config.tls.rejectUnauthorized, ...(config.tls.ca ? { ca: config.tls.ca } : {}) };
}

/** One connection to one directory server, bound as the service account. */
export class DirectorySession {
  private constructor(
    private readonly client: Client,
    readonly url: string,
  ) {}

  /** Connects to the first of the configured servers that answers, and binds as the service account. */
  static async open(config: DirectoryConfig): Promise<DirectorySession> {
    const failures: string[] = [];
    for (const url of config.urls) {
      // ldapts speaks TLS from the first byte whenever tlsOptions are given, even to ldap:// URLs.
      const secure = /^ldaps:/i.test(url) ? { tlsOptions: tlsOptions(config) } : {};
      const client = new Client({ url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, ...secure });
      try {
        if (config.tls.startTls) await client.startTLS(tlsOptions(config));
        await client.bind(config.bindDn, config.bindPassword);
        return new DirectorySession(client, url);
      } catch (error) {
        await client.unbind().catch(() => undefined);
        if (error instanceof InvalidCredentialsError) {
          throw new UnavailableError(`directory ${url} refused the service account ${config.bindDn}: check bindDn and bindPassword`);
        }
        failures.push(`${url} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    throw new UnavailableError(`directory unreachable: ${failures.join('; ')}`);
  }

  /** Opens a session, runs `work` with it, and closes it whatever happens. */
  static async with<T>(config: DirectoryConfig, work: (session: DirectorySession) => Promise<T>): Promise<T> {
    const session = await DirectorySession.open(config);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  /** A paged search, one page of entries at a time, so a large directory is never held twice. */
  async *pages(request: SearchRequest, pageSize: number): AsyncGenerator<LdapEntry[]> {
    try {
      const pages = this.client.searchPaginated(request.base, {
        scope: request.scope ?? 'sub',
        filter: request.filter,
        attributes: request.attributes,
        explicitBufferAttributes: request.binary ?? [],
        paged: { pageSize },
      });
      for await (const page of pages) yield page.searchEntries;
    } catch (error) {
      throw directoryError(error, this.url, `search ${request.base}`);
    }
  }

  async search(request: SearchRequest): Promise<LdapEntry[]> {
    try {
      const result = await this.client.search(request.base, {
        scope: request.scope ?? 'sub',
        filter: request.filter,
        attributes: request.attributes,
        explicitBufferAttributes: request.binary ?? [],
        sizeLimit: request.sizeLimit ?? 0,
      });
      return result.searchEntries;
    } catch (error) {
      throw directoryError(error, this.url, `search ${request.base}`);
    }
  }

  /** Binds as someone else on this connection; the caller interprets the LDAP error, if any. */
  async bindAs(dn: string, password: string): Promise<void> {
    await this.client.bind(dn, password);
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }
}
