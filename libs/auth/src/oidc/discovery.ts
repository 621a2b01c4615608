import { UnavailableError, ValidationError } from '@parley/contracts';
import { z } from 'zod';

/** The part of an OpenID Provider's configuration document that verifying ID tokens needs. */
const DiscoverySchema = z.looseObject({ issuer: z.string(), jwks_uri: z.url() });

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for https, and for http on loopback (a local or test issuer): keys must not travel in clear text. */
export function isSafeUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Checks a configured issuer URL; a ValidationError names the `issuerUrl` option. */
export function parseIssuerUrl(issuerUrl: string): URL {
  const url = URL.canParse(issuerUrl) ? new URL(issuerUrl) : undefined;
  if (!url || !isSafeUrl(url) || url.search || url.hash) {
    throw new ValidationError('invalid external issuer', [
      { path: 'issuerUrl', message: 'must be an https URL (http only on loopback) without query or fragment' },
    ]);
  }
  return url;
}

/**
 * Reads the issuer's `/.well-known/openid-configuration` and returns its JWKS URL. The document
 * must name exactly the configured issuer (OpenID Connect Discovery §4.3), else an attacker
 * controlling the document could vouch for another issuer's tokens.
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const where = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const fail = (reason: string, cause?: unknown) => new UnavailableError(`cannot use OpenID issuer ${issuer}: ${reason}`, { cause });
  let body: unknown;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw fail(`${where} answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw error instanceof UnavailableError ? error : fail(`cannot read ${where}: ${(error as Error).message}`, error);
  }
  const document = DiscoverySchema.safeParse(body);
  if (!document.success) throw fail(`${where} is not an OpenID configuration document`);
  if (document.data.issuer !== issuer) throw fail(`its configuration names issuer ${document.data.issuer}`);
  const jwksUri = new URL(document.data.jwks_uri);
  if (!isSafeUrl(jwksUri)) throw fail(`jwks_uri ${jwksUri.href} is not https`);
  return jwksUri;
}
