import { isParleyError, UnavailableError } from '@parley/contracts';
import { errors } from 'jose';
import { InvalidTokenError } from '../errors.js';

const CLAIM_REJECTIONS = {
  nbf: ['is not valid yet', 'not-yet-valid'],
  iss: ['comes from the wrong issuer', 'wrong-issuer'],
  aud: ['is for another audience', 'wrong-audience'],
} as const;

/**
 * The one place where a jose verification failure becomes a Parley error: the token's fault is an
 * InvalidTokenError with its reason, failing to fetch keys is an UnavailableError.
 */
export function translateJoseError(error: unknown, what: string): Error {
  if (isParleyError(error)) return error;
  const invalid = (message: string, reason: InvalidTokenError['reason']) => new InvalidTokenError(`${what} ${message}`, reason, { cause: error });
  if (error instanceof errors.JWTExpired) return invalid('has expired', 'expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const known = CLAIM_REJECTIONS[error.claim as keyof typeof CLAIM_REJECTIONS];
    return known ? invalid(known[0], known[1]) : invalid(`is malformed: ${error.message}`, 'malformed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('has a bad signature', 'bad-signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('is signed by an unknown key', 'unknown-key');
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  ) {
    return invalid(`is malformed: ${error.message}`, 'malformed');
  }
  // What is left is about reaching the keys (timeouts, HTTP errors, unreadable JWKS): not the token's fault.
  return new UnavailableError(`cannot check the ${what}: ${(error as Error).message}`, { cause: error });
}
