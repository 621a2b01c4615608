import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { compareAndSet, decodeEntry, getLive, guard, KV_RETRY_MS, openBucket, type KvStoreOptions } from '../kv.js';
import {
  DEFAULT_REFRESH_LIFETIME_MS,
  latest,
  RefreshRecordSchema,
  scopesOf,
  type RefreshRecord,
  type RefreshTokenStore,
  type RevocationScope,
  type StoredRefreshRecord,
} from './refresh-store.js';

const RevocationSchema = z.strictObject({ revokedAt: z.iso.datetime() });

export interface KvRefreshTokenStoreOptions extends KvStoreOptions {
  /** The bucket's max_age: RefreshTokensOptions.lifetimeMs, after which nothing stored here matters any more. Default 12 h. */
  maxAgeMs?: number;
}

/**
 * Refresh tokens in the NATS KV bucket `refresh_tokens`: `token.<id>` holds a token's record,
 * `family.<id>`, `session.<sid>` and `user.<userId>` hold revocations. A revocation outlives every
 * token it covers, since those expire within one lifetime of being issued and the bucket's max_age
 * is that lifetime. (Ids are letters, digits, `-` and `_`, so they are valid key tokens.)
 */
export class KvRefreshTokenStore implements RefreshTokenStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, options: KvRefreshTokenStoreOptions = {}): Promise<KvRefreshTokenStore> {
    return new KvRefreshTokenStore(await openBucket(nc, 'refresh_tokens', { ...options, maxAgeMs: options.maxAgeMs ?? DEFAULT_REFRESH_LIFETIME_MS }));
  }

  async get(id: string): Promise<StoredRefreshRecord | undefined> {
    const entry = await guard('read a refresh token', () => getLive(this.kv, `token.${id}`), KV_RETRY_MS);
    return entry && { record: decodeEntry(RefreshRecordSchema, entry), revision: entry.revision };
  }

  async create(id: string, record: RefreshRecord): Promise<void> {
    const revision = await guard('store a refresh token', () => compareAndSet(this.kv, `token.${id}`, JSON.stringify(record), 0));
    if (revision === undefined) throw new Error(`refresh token ${id} already exists`);
  }

  async update(id: string, record: RefreshRecord, revision: number): Promise<boolean> {
    const written = await guard('update a refresh token', () => compareAndSet(this.kv, `token.${id}`, JSON.stringify(record), revision));
    return written !== undefined;
  }

  async revoke(scope: RevocationScope, at: Date): Promise<void> {
    await guard(`revoke refresh tokens of ${scope.kind} ${scope.id}`, () =>
      this.kv.put(`${scope.kind}.${scope.id}`, JSON.stringify({ revokedAt: at.toISOString() })),
    );
  }

  async revokedAt(record: RefreshRecord): Promise<Date | undefined> {
    const entries = await guard('read refresh token revocations', () =>
      Promise.all(scopesOf(record).map((scope) => getLive(this.kv, `${scope.kind}.${scope.id}`))),
    );
    return latest(entries.map((entry) => entry && new Date(decodeEntry(RevocationSchema, entry).revokedAt)));
  }
}
