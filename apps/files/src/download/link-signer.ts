import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { compareAndSet, getLive, guard, openBucket } from '@parley/auth';
import { UnauthorizedError } from '@parley/contracts';

/** What a signed link stands for: this user may download this file until `expires` (Unix seconds). */
export interface LinkGrant {
  fileId: string;
  userId: string;
  expires: number;
}

const sign = (key: Buffer, grant: LinkGrant) => createHmac('sha256', key).update(`${grant.fileId}\n${grant.userId}\n${grant.expires}`).digest('base64url');

/**
 * Short-lived download links for clients that cannot send an Authorization header (an <img> tag,
 * a browser's download manager): an HMAC over the file, the user and the expiry. The key lives in
 * the NATS KV bucket `file_link_key`, made by the first instance that needs it, so every instance
 * verifies every link. A link only says who asks: the download is authorised as for that user.
 */
export class LinkSigner {
  private constructor(
    private readonly key: Buffer,
    private readonly ttlS: number,
    private readonly now: () => number,
  ) {}

  static async open(nc: NatsConnection, namespace: string, ttlS: number): Promise<LinkSigner> {
    const kv = await openBucket(nc, 'file_link_key', { namespace });
    let entry = await guard('read the link key', () => getLive(kv, 'key'));
    if (!entry) {
      await guard('write the link key', () => compareAndSet(kv, 'key', randomBytes(32).toString('base64'), 0));
      // Whoever won the race, everyone uses what is stored.
      entry = await guard('read the link key', () => getLive(kv, 'key'));
    }
    return new LinkSigner(Buffer.from(entry!.string(), 'base64'), ttlS, Date.now);
  }

  /** For tests: a signer with a given key and clock. */
  static withKey(key: Buffer, ttlS: number, now: () => number): LinkSigner {
    return new LinkSigner(key, ttlS, now);
  }

  /** The query of a link for this user and file, and when it expires. */
  grant(fileId: string, userId: string): { query: string; expiresAt: Date } {
    const expires = Math.floor(this.now() / 1000) + this.ttlS;
    const query = new URLSearchParams({ user: userId, expires: String(expires), signature: sign(this.key, { fileId, userId, expires }) });
    return { query: query.toString(), expiresAt: new Date(expires * 1000) };
  }

  /** Checks a link's signature and expiry; an UnauthorizedError says which failed. */
  verify(grant: LinkGrant, signature: string): void {
    const expected = Buffer.from(sign(this.key, grant));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('this download link is not valid');
    if (grant.expires * 1000 < this.now()) throw new UnauthorizedError('this download link has expired: ask for a new one');
  }
}
