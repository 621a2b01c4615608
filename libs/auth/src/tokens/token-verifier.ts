import { fieldIssues } from '@parley/contracts';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from '../errors.js';
import type { KeyRing } from '../keys/key-ring.js';
import { AccessClaimsSchema, DEFAULT_AUDIENCE, type AccessClaims } from './claims.js';
import { translateJoseError } from './jose-errors.js';

export interface TokenVerifierOptions {
  /** The `iss` tokens must carry (the issuer's TokenIssuerOptions.issuer). */
  issuer: string;
  /** The `aud` tokens must carry. Default 'parley'. */
  audience?: string;
  /** Clock difference tolerated on `exp` and `nbf`, in seconds. Default 30. */
  clockSkewSeconds?: number;
  /**
   * Called with the claims of a token that is otherwise valid; true refuses it at once (a disabled
   * user, a closed session) instead of waiting for it to expire.
   */
  isRevoked?: (claims: AccessClaims) => boolean | Promise<boolean>;
  /** The clock tokens are checked against. */
  now?: () => Date;
}

export interface RemoteJwksOptions {
  /** How long fetched keys are trusted before the next fetch; keep it below the issuer's publishLeadMs. Default 5 min. */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches caused by tokens naming an unknown key. Default 30 s. */
  cooldownMs?: number;
  /** How long one JWKS fetch may take. Default 5 s. */
  timeoutMs?: number;
}

/** Tokens longer than this are refused unparsed (ours are well under 1 KiB). */
const MAX_TOKEN_LENGTH = 8192;

/** Verifies Parley access tokens locally: signature, issuer, audience, time, exact claims, revocation. */
export class TokenVerifier {
  private readonly audience: string;
  private readonly clockSkewSeconds: number;
  private readonly now: () => Date;

  private constructor(
    private readonly keyFor: (now: Date) => JWTVerifyGetKey,
    private readonly options: TokenVerifierOptions,
  ) {
    this.audience = options.audience ?? DEFAULT_AUDIENCE;
    this.clockSkewSeconds = options.clockSkewSeconds ?? 30;
    this.now = options.now ?? (() => new Date());
  }

  /** Verifies against a KeyRing read from the key store (the issuing service, or a service with access to the store). */
  static local(ring: KeyRing, options: TokenVerifierOptions): TokenVerifier {
    return new TokenVerifier(
      (now) => async (header) => {
        const key = await ring.verificationKey(header.kid, now);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      options,
    );
  }

  /** Verifies against the issuer's JWKS endpoint, refetched when a token names a key not seen yet. */
  static remote(jwksUrl: string | URL, options: TokenVerifierOptions & RemoteJwksOptions): TokenVerifier {
    const jwks = createRemoteJWKSet(new URL(jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs ?? 5 * 60_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
      timeoutDuration: options.timeoutMs ?? 5_000,
    });
    return new TokenVerifier(() => jwks, options);
  }

  /** The token's claims, or an InvalidTokenError (an UnauthorizedError) saying why it is refused. */
  async verify(token: string): Promise<AccessClaims> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenError('access token is malformed: not a compact JWT of reasonable size', 'malformed');
    }
    const now = this.now();
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keyFor(now), {
        algorithms: ['EdDSA'],
        issuer: this.options.issuer,
        audience: this.audience,
        typ: 'JWT',
        clockTolerance: this.clockSkewSeconds,
        currentDate: now,
        requiredClaims: ['exp', 'nbf', 'iat'],
      }));
    } catch (error) {
      throw translateJoseError(error, 'access token');
    }
    const parsed = AccessClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error).map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
      throw new InvalidTokenError(`access token is malformed: ${issues.join('; ')}`, 'malformed');
    }
    if (await this.options.isRevoked?.(parsed.data)) throw new InvalidTokenError('access token has been revoked', 'revoked');
    return parsed.data;
  }
}
