import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from '../errors.js';
import { translateJoseError } from '../tokens/jose-errors.js';
import { discoverJwksUri, parseIssuerUrl } from './discovery.js';

export interface ExternalIssuerOptions {
  /** The issuer identifier, exactly as its tokens' `iss` and its discovery document spell it. */
  issuerUrl: string;
  /** This server's client id at the issuer: ID tokens must name it in `aud`. */
  clientId: string;
  /** The claim that holds the Parley user name. Default 'preferred_username'. */
  usernameClaim?: string;
  /** Signature algorithms accepted. Default RS256, PS256, ES256, EdDSA. */
  algorithms?: string[];
  /** Clock difference tolerated on `exp` and `nbf`, in seconds. Default 30. */
  clockSkewSeconds?: number;
  /** How long one discovery or JWKS fetch may take. Default 5 s. */
  timeoutMs?: number;
  /** The clock tokens are checked against. */
  now?: () => Date;
}

/** Who an external ID token says the user is. */
export interface ExternalIdentity {
  /** The issuer's stable id for the user (`sub`). */
  subject: string;
  /** From the configured username claim. */
  username: string;
  /** Only when the issuer does not say it is unverified (`email_verified: false`). */
  email?: string;
  name?: string;
}

/** Trusts ID tokens from one external OpenID Connect issuer, with keys found by discovery. */
export class ExternalIssuer {
  private readonly issuer: string;
  private readonly usernameClaim: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private jwks: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly options: ExternalIssuerOptions) {
    parseIssuerUrl(options.issuerUrl);
    this.issuer = options.issuerUrl;
    this.usernameClaim = options.usernameClaim ?? 'preferred_username';
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Verifies an ID token (signature, iss, aud, azp, exp, nbf, and `nonce` if given) and returns
   * the identity it asserts; an InvalidTokenError (an UnauthorizedError) says why not.
   */
  async verify(idToken: string, expected: { nonce?: string } = {}): Promise<ExternalIdentity> {
    const keys = await this.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        algorithms: this.options.algorithms ?? ['RS256', 'PS256', 'ES256', 'EdDSA'],
        issuer: this.issuer,
        audience: this.options.clientId,
        clockTolerance: this.options.clockSkewSeconds ?? 30,
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw translateJoseError(error, 'id token');
    }
    // OpenID Connect Core §3.1.3.7: a token for several audiences must say it was issued to us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload['azp'] !== this.options.clientId) {
      throw new InvalidTokenError('id token is for several audiences and its azp is not this client', 'wrong-audience');
    }
    if (expected.nonce !== undefined && payload['nonce'] !== expected.nonce) {
      throw new InvalidTokenError('id token does not carry the nonce of this sign-in', 'malformed');
    }
    const username = payload[this.usernameClaim];
    if (typeof username !== 'string' || username.trim() === '') {
      throw new InvalidTokenError(`id token has no ${this.usernameClaim} claim`, 'malformed');
    }
    const { email, name } = payload;
    return {
      subject: payload.sub!,
      username,
      ...(typeof email === 'string' && payload['email_verified'] !== false && { email }),
      ...(typeof name === 'string' && { name }),
    };
  }

  /** The issuer's key set, found by discovery once; a failed discovery is tried again on the next call. */
  private keys(): Promise<JWTVerifyGetKey> {
    this.jwks ??= discoverJwksUri(this.issuer, this.timeoutMs).then(
      (uri) => createRemoteJWKSet(uri, { timeoutDuration: this.timeoutMs }),
      (error: unknown) => {
        this.jwks = undefined;
        throw error;
      },
    );
    return this.jwks;
  }
}
