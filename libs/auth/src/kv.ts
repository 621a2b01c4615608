import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry, type KvOptions } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { InternalError, isParleyError, Subjects, UnavailableError } from '@parley/contracts';
import type { z } from 'zod';

/** Where a KV-backed store lives. */
export interface KvStoreOptions {
  /** Prefix of the bucket name ('' in production; random in tests), as for the event log. */
  namespace?: string;
  /** JetStream replicas of the bucket (as PARLEY_STREAM_REPLICAS: 3 on a cluster); set only when it is created. */
  replicas?: number;
}

/**
 * Opens (creating if missing) a namespaced bucket that keeps only the latest value of each key.
 * `maxAgeMs` becomes the bucket's max_age; it is set only when the bucket is created.
 */
export async function openBucket(nc: NatsConnection, name: string, options: KvStoreOptions & { maxAgeMs?: number }): Promise<KV> {
  const bucket = new Subjects(options.namespace ?? '').bucket(name);
  const config: Partial<KvOptions> = { history: 1 };
  if (options.maxAgeMs) config.ttl = options.maxAgeMs;
  if (options.replicas) config.replicas = options.replicas;
  return guard(`open KV bucket ${bucket}`, () => new Kvm(nc).create(bucket, config), KV_RETRY_MS);
}

/** The entry if the key holds a value (not a delete or purge marker). */
export async function getLive(kv: KV, key: string): Promise<KvEntry | undefined> {
  const entry = await kv.get(key);
  return entry && entry.operation === 'PUT' ? entry : undefined;
}

/** Reads an entry's JSON through `schema`; a stored value that does not fit is an InternalError. */
export function decodeEntry<S extends z.ZodType>(schema: S, entry: KvEntry): z.output<S> {
  let value: unknown;
  try {
    value = entry.json();
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InternalError(`KV entry ${entry.bucket}/${entry.key} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Writes `value` only if `key` is still at `revision` (0: only if the key holds no value).
 * Returns the new revision, or undefined when another writer got there first.
 */
export async function compareAndSet(kv: KV, key: string, value: string, revision: number): Promise<number | undefined> {
  try {
    return revision === 0 ? await kv.create(key, value) : await kv.update(key, value, revision);
  } catch (error) {
    if (error instanceof JetStreamApiError && WRONG_REVISION.has(error.code)) return undefined;
    throw error;
  }
}

const WRONG_REVISION = new Set<number>([JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown]);

/**
 * Runs a KV operation; a NATS failure becomes an UnavailableError (retrying later may work).
 * With `retryMs`, an operation that is safe to repeat (a read, opening a bucket) is tried again
 * while NATS answers nothing (a cluster forming or electing a leader) for up to that long.
 */
export async function guard<T>(what: string, operation: () => Promise<T>, retryMs = 0): Promise<T> {
  const giveUpAt = Date.now() + retryMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (isParleyError(error)) throw error;
      if (Date.now() < giveUpAt && isTransient(error)) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
        continue;
      }
      throw new UnavailableError(`cannot ${what}: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** No answer in time, no responder, JetStream not (yet) there: worth another try. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.name === 'NoRespondersError' || /no responders|timeout|jetstream is not enabled/i.test(error.message);
}

/** How long reads and bucket creation wait out a NATS cluster that is forming or failing over. */
export const KV_RETRY_MS = 15_000;
