export { InvalidTokenError, RetryLaterError, type TokenRejection } from './errors.js';
export { compareAndSet, decodeEntry, getLive, guard, KV_RETRY_MS, openBucket, type KvStoreOptions } from './kv.js';
export { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword, type PasswordPolicy } from './passwords.js';

export { KeyRing, type KeyRingOptions, type SigningKey } from './keys/key-ring.js';
export { MemoryKeyStore, type KeyStore, type StoredKeyRing } from './keys/key-store.js';
export { KvKeyStore } from './keys/kv-key-store.js';
export { SigningKeyRecordSchema, type SigningKeyRecord } from './keys/signing-key.js';

export { AccessClaimsSchema, DEFAULT_AUDIENCE, TokenSubjectSchema, type AccessClaims, type TokenSubject } from './tokens/claims.js';
export { TokenIssuer, type IssueOptions, type TokenIssuerOptions } from './tokens/token-issuer.js';
export { TokenVerifier, type RemoteJwksOptions, type TokenVerifierOptions } from './tokens/token-verifier.js';

export { KvRefreshTokenStore, type KvRefreshTokenStoreOptions } from './refresh/kv-refresh-store.js';
export {
  DEFAULT_REFRESH_LIFETIME_MS,
  MemoryRefreshTokenStore,
  type RefreshRecord,
  type RefreshTokenStore,
  type RevocationScope,
  type StoredRefreshRecord,
} from './refresh/refresh-store.js';
export { RefreshTokens, type RefreshGrant, type RefreshTokensOptions } from './refresh/refresh-tokens.js';

export { KvThrottleStore, type KvThrottleStoreOptions } from './throttle/kv-throttle-store.js';
export { SignInThrottle, type SignInThrottleOptions } from './throttle/sign-in-throttle.js';
export type { FailureCounter } from './throttle/throttle-policy.js';
export { MemoryThrottleStore, type StoredCounter, type ThrottleStore } from './throttle/throttle-store.js';

export { ExternalIssuer, type ExternalIdentity, type ExternalIssuerOptions } from './oidc/external-issuer.js';
