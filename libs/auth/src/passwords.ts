import { hash, parseOptions, verify } from '@node-rs/argon2';
import { InternalError, ValidationError, type FieldIssue } from '@parley/contracts';

// @node-rs/argon2 declares Algorithm and Version as ambient const enums, which isolated modules
// cannot read: these are their values for argon2id and version 0x13.
const ARGON2ID = 2;
const VERSION_0X13 = 1;

/** OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane). */
const PARAMETERS = { algorithm: ARGON2ID, version: VERSION_0X13, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longest password accepted, in characters: long enough for any passphrase, short enough to bound hashing work. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Hashes a password with argon2id into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`) with a random salt. */
export async function hashPassword(plain: string): Promise<string> {
  return hash(plain, PARAMETERS);
}

/**
 * True if `plain` is the password `hash` was made from. A stored hash that is not an argon2 PHC
 * string is an InternalError: it is corrupt data, not a wrong password.
 */
export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  // No accepted password is longer, so there is nothing to hash.
  if ([...plain].length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(hash, plain);
  } catch (error) {
    throw new InternalError('stored password hash is not a valid argon2 PHC string', { cause: error });
  }
}

/** True if `hash` was not made with today's algorithm and parameters: rehash after the next successful sign-in. */
export function needsRehash(hash: string): boolean {
  let used: ReturnType<typeof parseOptions>;
  try {
    used = parseOptions(hash);
  } catch {
    return true;
  }
  return (
    used.algorithm !== PARAMETERS.algorithm ||
    used.version !== PARAMETERS.version ||
    used.memoryCost !== PARAMETERS.memoryCost ||
    used.timeCost !== PARAMETERS.timeCost ||
    used.parallelism !== PARAMETERS.parallelism
  );
}

export interface PasswordPolicy {
  /** Fewest characters (Unicode code points) a new password may have. */
  minLength?: number;
}

/** Throws a ValidationError on `password` naming every rule a new password breaks. */
export function checkPasswordPolicy(plain: string, { minLength = 12 }: PasswordPolicy = {}): void {
  const issues: FieldIssue[] = [];
  const length = [...plain].length;
  if (length < minLength) issues.push({ path: 'password', message: `must be at least ${minLength} characters` });
  if (length > MAX_PASSWORD_LENGTH) issues.push({ path: 'password', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
  if (length > 0 && plain.trim() === '') issues.push({ path: 'password', message: 'must not be only whitespace' });
  if (issues.length) throw new ValidationError('password does not meet the policy', issues);
}
