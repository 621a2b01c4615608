import { RateLimitedError, UnauthorizedError } from '@parley/contracts';

/** A RateLimitedError that says when to try again; the edge turns it into a `Retry-After` header. */
export class RetryLaterError extends RateLimitedError {
  constructor(
    message: string,
    /** Whole seconds to wait before the next attempt can succeed. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Why a token was refused; clients act on it (`expired` → refresh, anything else → sign in again). */
export type TokenRejection =
  | 'malformed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'revoked';

/** An UnauthorizedError for a refused access or ID token, with a machine-readable reason. */
export class InvalidTokenError extends UnauthorizedError {
  constructor(
    message: string,
    readonly reason: TokenRejection,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
