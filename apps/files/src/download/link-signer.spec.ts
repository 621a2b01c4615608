import { UnauthorizedError } from '@parley/contracts';
import { LinkSigner } from './link-signer.js';

describe('signed download links', () => {
  let now = Date.parse('2026-05-01T12:00:00Z');
  const signer = LinkSigner.withKey(Buffer.alloc(32, 7), 300, () => now);
  const parse = (query: string) => {
    const q = new URLSearchParams(query);
    return { grant: { fileId: 'f1', userId: q.get('user')!, expires: Number(q.get('expires')) }, signature: q.get('signature')! };
  };

  it('work for the user and file they were made for, until they expire', () => {
    const { query, expiresAt } = signer.grant('f1', 'ann');
    expect(expiresAt.toISOString()).toBe('2026-05-01T12:05:00.000Z');
    const { grant, signature } = parse(query);
    expect(() => signer.verify(grant, signature)).not.toThrow();
    now += 301_000;
    expect(() => signer.verify(grant, signature)).toThrow(/has expired/);
    now -= 301_000;
  });

  it('cannot be moved to another user, file or expiry, or signed with another key', () => {
    const { grant, signature } = parse(signer.grant('f1', 'ann').query);
    expect(() => signer.verify({ ...grant, userId: 'bob' }, signature)).toThrow(UnauthorizedError);
    expect(() => signer.verify({ ...grant, fileId: 'f2' }, signature)).toThrow(/not valid/);
    expect(() => signer.verify({ ...grant, expires: grant.expires + 3_600 }, signature)).toThrow(/not valid/);
    expect(() => LinkSigner.withKey(Buffer.alloc(32, 8), 300, () => now).verify(grant, signature)).toThrow(/not valid/);
  });
});
