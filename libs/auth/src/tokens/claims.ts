import { AggregateIdSchema, RoleSchema } from '@parley/contracts';
import { z } from 'zod';

/** Who an access token speaks for: what the issuer is asked to sign. */
export const TokenSubjectSchema = z.strictObject({
  /** The user's id. */
  sub: AggregateIdSchema,
  /** The user's display name, for messages and presence without a directory lookup. */
  name: z.string().min(1).max(256),
  /** Server-wide roles held when the token was issued. */
  roles: z.array(RoleSchema).max(8),
  /** The sign-in session; closing it revokes the session's tokens. */
  sid: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, "-" or "_"'),
});
export type TokenSubject = z.infer<typeof TokenSubjectSchema>;

const NumericDate = z.number().int().nonnegative();

/** The claims of a Parley access token, exactly: an unknown claim makes the token malformed. */
export const AccessClaimsSchema = z.strictObject({
  ...TokenSubjectSchema.shape,
  iss: z.string().min(1),
  aud: z.string().min(1),
  iat: NumericDate,
  nbf: NumericDate,
  exp: NumericDate,
  jti: z.string().min(1).max(128),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** The audience of Parley access tokens unless configured otherwise. */
export const DEFAULT_AUDIENCE = 'parley';
