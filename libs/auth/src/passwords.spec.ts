import { hash } from '@node-rs/argon2';
import { InternalError, ValidationError } from '@parley/contracts';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
  });

  it('refuses a password longer than any accepted one without hashing it', async () => {
    const stored = await hashPassword('x'.repeat(1024));
    expect(await verifyPassword(stored, 'x'.repeat(1024))).toBe(true);
    expect(await verifyPassword(stored, 'x'.repeat(1025))).toBe(false);
  });

  it('treats a stored hash that is not an argon2 PHC string as corrupt data', async () => {
    await expect(verifyPassword('$2b$10$notargon2', 'whatever')).rejects.toBeInstanceOf(InternalError);
  });

  it('asks for a rehash when the algorithm or a parameter differs from today', async () => {
    expect(needsRehash(await hashPassword('correct horse battery staple'))).toBe(false);
    expect(needsRehash(await hash('p', { algorithm: 2, memoryCost: 4096, timeCost: 3, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await hash('p', { algorithm: 1, memoryCost: 19456, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});

describe('password policy', () => {
  const issues = (plain: string, minLength?: number) => {
    try {
      checkPasswordPolicy(plain, minLength === undefined ? {} : { minLength });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues;
    }
  };

  it('accepts a long enough password, counting characters rather than bytes', () => {
    expect(issues('twelve chars')).toEqual([]);
    expect(issues('ünïcødé-pässwörd')).toEqual([]);
    expect(issues('x'.repeat(1024))).toEqual([]);
  });

  it('names the password field for each broken rule', () => {
    expect(issues('short')).toEqual([{ path: 'password', message: 'must be at least 12 characters' }]);
    expect(issues('')).toEqual([{ path: 'password', message: 'must be at least 12 characters' }]);
    expect(issues('x'.repeat(1025))).toEqual([{ path: 'password', message: 'must be at most 1024 characters' }]);
    expect(issues(' \t\n'.repeat(5))).toEqual([{ path: 'password', message: 'must not be only whitespace' }]);
    expect(issues('   ')).toEqual([
      { path: 'password', message: 'must be at least 12 characters' },
      { path: 'password', message: 'must not be only whitespace' },
    ]);
  });

  it('honours a configured minimum length', () => {
    expect(issues('sixteen-chars!!', 16)).toEqual([{ path: 'password', message: 'must be at least 16 characters' }]);
    expect(issues('sixteen-chars!!!', 16)).toEqual([]);
  });
});
