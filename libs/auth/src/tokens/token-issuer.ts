import { randomUUID } from 'node:crypto';
import { parseOrThrow, ValidationError } from '@parley/contracts';
import { SignJWT } from 'jose';
import type { KeyRing } from '../keys/key-ring.js';
import { DEFAULT_AUDIENCE, TokenSubjectSchema, type TokenSubject } from './claims.js';

export interface TokenIssuerOptions {
  /** The `iss` claim: the issuing service's public base URL; verifiers must expect the same. */
  issuer: string;
  /** The `aud` claim. Default 'parley'. */
  audience?: string;
  /** The clock tokens are dated by. */
  now?: () => Date;
}

export interface IssueOptions {
  /** Lifetime in whole seconds, at most the key ring's maximum token lifetime. Default 600. */
  ttlSeconds?: number;
}

/** Signs short-lived access tokens (compact JWS, EdDSA) with the ring's active key. */
export class TokenIssuer {
  private readonly audience: string;
  private readonly now: () => Date;

  constructor(
    private readonly keys: KeyRing,
    private readonly options: TokenIssuerOptions,
  ) {
    this.audience = options.audience ?? DEFAULT_AUDIENCE;
    this.now = options.now ?? (() => new Date());
  }

  /** A signed token for `subject`; a ValidationError names whatever in the request is wrong. */
  async issue(subject: TokenSubject, { ttlSeconds = 600 }: IssueOptions = {}): Promise<string> {
    const claims = parseOrThrow(TokenSubjectSchema, subject, 'invalid token subject');
    const maxSeconds = Math.floor(this.keys.maxTokenLifetimeMs / 1000);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > maxSeconds) {
      throw new ValidationError('invalid token lifetime', [{ path: 'ttlSeconds', message: `must be a whole number from 1 to ${maxSeconds}` }]);
    }
    const now = this.now();
    const iat = Math.floor(now.getTime() / 1000);
    const key = this.keys.signingKey(now);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(this.audience)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + ttlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
}
