import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeEntry, getLive, guard, openBucket, type KvStoreOptions } from '@parley/auth';
import { z } from 'zod';

const Credential = z.strictObject({ hash: z.string().min(1), changedAt: z.string() });

/**
 * Local users' password hashes (argon2id), in a NATS KV bucket that keeps only the latest value:
 * a secret is not a fact, so it never goes on the event log, where it would be archived for ever
 * (the log records only that a password changed). See docs/adr/0008-credentials-off-the-log.md.
 */
export class CredentialStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, options: KvStoreOptions): Promise<CredentialStore> {
    return new CredentialStore(await openBucket(nc, 'credentials', options));
  }

  async get(userId: string): Promise<string | undefined> {
    const entry = await guard('read a credential', () => getLive(this.kv, userId));
    return entry ? decodeEntry(Credential, entry).hash : undefined;
  }

  async set(userId: string, hash: string, now = new Date()): Promise<void> {
    await guard('store a credential', () => this.kv.put(userId, JSON.stringify({ hash, changedAt: now.toISOString() })));
  }

  async remove(userId: string): Promise<void> {
    await guard('remove a credential', () => this.kv.delete(userId));
  }
}
