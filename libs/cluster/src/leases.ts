import type { KV, KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { compareAndSet, getLive, guard, KV_RETRY_MS, openBucket } from '@parley/auth';
import { UnavailableError } from '@parley/contracts';
import { z } from 'zod';

/** Who holds a lease, as its KV entry says. */
export const LeaseHolderSchema = z.strictObject({
  /** An instance id, or a tool and the host it runs on. */
  holder: z.string().min(1).max(256),
  /** What the holder does under it (a job id): a lease retaken by the same holder for other work is another lease. */
  job: z.string().min(1).max(128),
  since: z.string(),
});
export type LeaseHolder = z.infer<typeof LeaseHolderSchema>;

export interface LeasesOptions {
  namespace: string;
  /** The KV bucket (before namespacing), one per kind of work. */
  bucket: string;
  /**
   * A lease not renewed for this long lapses (the bucket's max age; default 20 s), so the work of
   * a holder that died can be taken up again. Holders renew every quarter of it.
   */
  ttlMs?: number;
  /** JetStream replicas of the bucket; set only when it is created. */
  replicas?: number;
}

/** A lease this process holds, renewed in the background until released. */
export interface Lease {
  readonly key: string;
  readonly holder: LeaseHolder;
  /** Stops renewing and frees the key (unless someone else holds it by now). */
  release(): Promise<void>;
}

export type Acquired = { lease: Lease } | { heldBy: LeaseHolder };

/**
 * Cluster-wide leases on keys, in a NATS KV bucket: at most one holder per key, however many
 * processes ask at once (the first `create` wins). A holder renews its entry while it works; one
 * that dies stops renewing and the bucket's max age frees the key. NATS 2.9 has no per-key TTL,
 * hence one bucket per kind of work, whose max age is the lease's.
 */
export class Leases {
  private constructor(
    private readonly kv: KV,
    private readonly ttlMs: number,
  ) {}

  static async open(nc: NatsConnection, options: LeasesOptions): Promise<Leases> {
    const ttlMs = options.ttlMs ?? 20_000;
    return new Leases(await openBucket(nc, options.bucket, { namespace: options.namespace, replicas: options.replicas, maxAgeMs: ttlMs }), ttlMs);
  }

  /**
   * Takes `key` for `holder` (with `since` set now), or says who holds it. `onLost` is called if
   * the lease is found taken by another holder while renewing (it lapsed while this process could
   * not reach NATS): the work it guards must stop.
   */
  async acquire(key: string, holder: Omit<LeaseHolder, 'since'>, onLost: (by: LeaseHolder) => void): Promise<Acquired> {
    const value: LeaseHolder = { ...holder, since: new Date().toISOString() };
    const revision = await guard(`take the lease ${key}`, () => compareAndSet(this.kv, key, JSON.stringify(value), 0));
    if (revision !== undefined) return { lease: new RenewedLease(this.kv, key, value, revision, this.ttlMs / 4, onLost) };
    const current = await this.holder(key);
    if (current) return { heldBy: current };
    throw new UnavailableError(`cannot take the lease ${key}: it is held by a holder this version cannot read, or was freed a moment ago; try again`);
  }

  /** Who holds `key` now (undefined: nobody, or an entry this version cannot read). */
  async holder(key: string): Promise<LeaseHolder | undefined> {
    const entry = await guard(`read the lease ${key}`, () => getLive(this.kv, key), KV_RETRY_MS);
    return entry && holderOf(entry);
  }
}

/** The holder an entry names, or undefined if it is not one this version can read. */
function holderOf(entry: KvEntry): LeaseHolder | undefined {
  try {
    const parsed = LeaseHolderSchema.safeParse(entry.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

class RenewedLease implements Lease {
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> | undefined;
  private released = false;

  constructor(
    private readonly kv: KV,
    readonly key: string,
    readonly holder: LeaseHolder,
    private revision: number,
    everyMs: number,
    private readonly onLost: (by: LeaseHolder) => void,
  ) {
    // A failed renewal is tried again at the next tick; the lease lapses only after several.
    this.timer = setInterval(() => void (this.renewing ??= this.renew().catch(() => undefined).finally(() => (this.renewing = undefined))), everyMs);
    this.timer.unref();
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    await this.renewing;
    await this.kv.delete(this.key, { previousSeq: this.revision }).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const value = JSON.stringify(this.holder);
    try {
      this.revision = await this.kv.update(this.key, value, this.revision);
      return;
    } catch {
      // Below: someone else's now, lapsed, or NATS did not answer (tried again next time).
    }
    const entry = await this.kv.get(this.key).catch(() => undefined);
    if (this.released || entry === undefined) return;
    if (entry === null || entry.operation !== 'PUT') {
      // Lapsed and free: take it back.
      this.revision = await this.kv.create(this.key, value).catch(() => this.revision);
      return;
    }
    const current = holderOf(entry);
    if (current?.job === this.holder.job) {
      this.revision = entry.revision;
      return;
    }
    this.released = true;
    clearInterval(this.timer);
    this.onLost(current ?? { holder: 'another holder', job: 'unknown', since: entry.created.toISOString() });
  }
}
