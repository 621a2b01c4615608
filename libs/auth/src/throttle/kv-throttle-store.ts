import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { compareAndSet, decodeEntry, getLive, guard, openBucket, type KvStoreOptions } from '../kv.js';
import { FailureCounterSchema, type FailureCounter } from './throttle-policy.js';
import type { StoredCounter, ThrottleStore } from './throttle-store.js';

export interface KvThrottleStoreOptions extends KvStoreOptions {
  /** The bucket's max_age: the longer of SignInThrottleOptions.windowMs and lockoutMs. Default 15 min. */
  maxAgeMs?: number;
}

/**
 * Failure counters in the NATS KV bucket `signin_throttle`. Keys are hashes (SignInThrottle makes
 * them), so account names and addresses never appear in subjects; writes are compare-and-set.
 */
export class KvThrottleStore implements ThrottleStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, options: KvThrottleStoreOptions = {}): Promise<KvThrottleStore> {
    return new KvThrottleStore(await openBucket(nc, 'signin_throttle', { ...options, maxAgeMs: options.maxAgeMs ?? 15 * 60_000 }));
  }

  async get(key: string): Promise<StoredCounter | undefined> {
    const entry = await guard('read a sign-in failure counter', () => getLive(this.kv, key));
    return entry && { counter: decodeEntry(FailureCounterSchema, entry), revision: entry.revision };
  }

  async set(key: string, counter: FailureCounter, revision: number): Promise<boolean> {
    const written = await guard('write a sign-in failure counter', () => compareAndSet(this.kv, key, JSON.stringify(counter), revision));
    return written !== undefined;
  }

  async delete(key: string): Promise<void> {
    await guard('reset a sign-in failure counter', () => this.kv.delete(key));
  }
}
