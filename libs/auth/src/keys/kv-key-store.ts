import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { compareAndSet, decodeEntry, getLive, guard, KV_RETRY_MS, openBucket, type KvStoreOptions } from '../kv.js';
import type { KeyStore, StoredKeyRing } from './key-store.js';
import { KeyRingDocumentSchema, type SigningKeyRecord } from './signing-key.js';

/** The one KV key that holds the whole ring. */
const RING = 'ring';

/**
 * The signing key ring in the NATS KV bucket `signing_keys`. Every write is a compare-and-set on
 * the ring's revision, so two instances rotating at once cannot fork it: one wins, the other
 * reloads and finds the work done.
 */
export class KvKeyStore implements KeyStore {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, options: KvStoreOptions = {}): Promise<KvKeyStore> {
    return new KvKeyStore(await openBucket(nc, 'signing_keys', options));
  }

  async load(): Promise<StoredKeyRing | undefined> {
    const entry = await guard('read the signing keys', () => getLive(this.kv, RING), KV_RETRY_MS);
    return entry && { keys: decodeEntry(KeyRingDocumentSchema, entry).keys, revision: entry.revision };
  }

  async save(keys: SigningKeyRecord[], revision: number): Promise<number | undefined> {
    return guard('write the signing keys', () => compareAndSet(this.kv, RING, JSON.stringify({ keys }), revision));
  }
}
