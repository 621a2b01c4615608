import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AggregateIdSchema, parseOrThrow, UnauthorizedError } from '@parley/contracts';
import { z } from 'zod';
import { TokenSubjectSchema } from '../tokens/claims.js';
import { DEFAULT_REFRESH_LIFETIME_MS, type RefreshRecord, type RefreshTokenStore } from './refresh-store.js';

export interface RefreshTokensOptions {
  /** How long a refresh token can be exchanged after it is issued; each exchange starts a new lifetime. Default 12 h. */
  lifetimeMs?: number;
  /** The clock expiry is checked against. */
  now?: () => Date;
}

/** A refresh token handed to a client, and whom it stands for. */
export interface RefreshGrant {
  /** `<id>.<secret>`, opaque to the client. */
  token: string;
  userId: string;
  sid: string;
  expiresAt: Date;
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const Owner = z.strictObject({ userId: AggregateIdSchema, sid: TokenSubjectSchema.shape.sid });

const random = (bytes: number) => randomBytes(bytes).toString('base64url');
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Opaque, single-use refresh tokens with rotation and theft detection: exchanging a token marks
 * it used and returns its successor in the same family; presenting a used token again means two
 * parties hold the family, so the whole family is revoked.
 */
export class RefreshTokens {
  /** How long a refresh token can be exchanged after it is issued. */
  readonly lifetimeMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: RefreshTokenStore,
    options: RefreshTokensOptions = {},
  ) {
    this.lifetimeMs = options.lifetimeMs ?? DEFAULT_REFRESH_LIFETIME_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts a new token family for a sign-in session. */
  async issue(userId: string, sid: string): Promise<RefreshGrant> {
    const owner = parseOrThrow(Owner, { userId, sid }, 'invalid refresh token owner');
    const now = this.now();
    return this.mint({ ...owner, family: random(16), familyCreatedAt: now.toISOString() }, now);
  }

  /** Exchanges a token for its successor; an UnauthorizedError if it is unknown, expired, revoked or reused. */
  async rotate(token: string): Promise<RefreshGrant> {
    const [, id, secret] = (typeof token === 'string' && TOKEN.exec(token)) || [];
    if (!id || !secret) throw new UnauthorizedError('refresh token is malformed');
    const stored = await this.store.get(id);
    // A wrong secret for a known id looks the same as an unknown id, and revokes nothing: a guess must not end a session.
    if (!stored || !timingSafeEqual(Buffer.from(stored.record.secretHash), Buffer.from(sha256(secret)))) {
      throw new UnauthorizedError('refresh token is not known');
    }
    const { record, revision } = stored;
    const now = this.now();
    const revokedAt = await this.store.revokedAt(record);
    if (revokedAt && revokedAt.getTime() >= Date.parse(record.familyCreatedAt)) throw new UnauthorizedError('refresh token has been revoked');
    if (record.usedAt) {
      await this.store.revoke({ kind: 'family', id: record.family }, now);
      throw new UnauthorizedError('refresh token was already used: its session is revoked (possible token theft)');
    }
    if (Date.parse(record.expiresAt) <= now.getTime()) throw new UnauthorizedError('refresh token has expired');
    // Losing this compare-and-set means the same token was exchanged at the same moment: decide
    // again, which now sees it used and treats it as reuse.
    if (!(await this.store.update(id, { ...record, usedAt: now.toISOString() }, revision))) return this.rotate(token);
    return this.mint(record, now);
  }

  /** Revokes every refresh token of a sign-in session (sign-out). */
  async revokeSession(sid: string): Promise<void> {
    const valid = parseOrThrow(Owner.shape.sid, sid, 'invalid session id');
    await this.store.revoke({ kind: 'session', id: valid }, this.now());
  }

  /** Revokes every refresh token a user holds (disabled account, password change). */
  async revokeUser(userId: string): Promise<void> {
    const valid = parseOrThrow(Owner.shape.userId, userId, 'invalid user id');
    await this.store.revoke({ kind: 'user', id: valid }, this.now());
  }

  private async mint(
    { userId, sid, family, familyCreatedAt }: Pick<RefreshRecord, 'userId' | 'sid' | 'family' | 'familyCreatedAt'>,
    now: Date,
  ): Promise<RefreshGrant> {
    const id = random(16);
    const secret = random(32);
    const expiresAt = new Date(now.getTime() + this.lifetimeMs);
    await this.store.create(id, { userId, sid, family, familyCreatedAt, secretHash: sha256(secret), expiresAt: expiresAt.toISOString() });
    return { token: `${id}.${secret}`, userId, sid, expiresAt };
  }
}
