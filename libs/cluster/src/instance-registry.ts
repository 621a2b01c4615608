import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Subjects } from '@parley/contracts';
import { z } from 'zod';
import { rendezvousOwner } from './rendezvous.js';

/** What a channel server tells the others about itself, every heartbeat. */
export const InstanceInfoSchema = z.strictObject({
  /** Unique per process (PARLEY_INSTANCE_ID). */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  /** Where clients open live sessions on it. */
  url: z.string().max(2_048),
  sessions: z.number().int().min(0),
  /** Rooms it holds in memory. */
  rooms: z.number().int().min(0),
  /** Draining: takes no new sessions and owns no rooms; about to stop. */
  draining: z.boolean(),
  startedAt: z.string(),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;

export interface RegistryOptions {
  namespace: string;
  /** An instance not heard from for this long is dead (default 4 s). */
  deadAfterMs?: number;
  /**
   * While nobody at all is heard (the bucket itself is unavailable: NATS lost the node leading it
   * and is electing another), instances are given this long (default 15 s) before being declared
   * dead: the silence is the log's, not theirs, and declaring them all dead would move every room.
   */
  outageGraceMs?: number;
  /** JetStream replicas of the bucket (3 on a cluster, so it survives a node). */
  replicas?: number;
}

interface Known {
  info: InstanceInfo;
  /** When this process last heard from it, on this process's clock (no clock is compared across machines). */
  heardAt: number;
}

const BUCKET = 'instances';

/**
 * The channel servers that are alive, in a NATS KV bucket: each puts its info every heartbeat and
 * deletes it when it stops; every process watching the bucket knows the live set, and from it who
 * owns which room (rendezvous hashing over live, non-draining instances). An instance that stops
 * heartbeating is dead after `deadAfterMs`, crashed or cut off.
 */
export class InstanceRegistry {
  private readonly known = new Map<string, Known>();
  private readonly listeners = new Set<() => void>();
  private watching: { stop(): void } | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private liveIds: string[] = [];
  private readonly deadAfterMs: number;
  private readonly outageGraceMs: number;
  /** When this process last heard from any instance. */
  private lastHeard = 0;

  private constructor(
    private readonly kv: KV,
    options: RegistryOptions,
  ) {
    this.deadAfterMs = options.deadAfterMs ?? 4_000;
    this.outageGraceMs = Math.max(this.deadAfterMs, options.outageGraceMs ?? 15_000);
  }

  static async open(nc: NatsConnection, options: RegistryOptions): Promise<InstanceRegistry> {
    const bucket = new Subjects(options.namespace).bucket(BUCKET);
    // Entries of instances that died without deleting themselves expire with the bucket's max age.
    const kv = await new Kvm(nc).create(bucket, { history: 1, ttl: 10 * 60_000, replicas: options.replicas ?? 1 });
    return new InstanceRegistry(kv, options);
  }

  /**
   * Starts following the bucket; resolves once the current entries are known: when the entry the
   * bucket ended with at the start has arrived (or one after it), or at once for an empty bucket.
   * Not when an entry says nothing is pending: NATS 2.9 can keep counting one pending entry of a
   * last-per-key watch while others keep writing (instances heartbeat), and start-up waited for ever.
   */
  async watch(): Promise<void> {
    const status = await this.kv.status();
    const upTo = status.values === 0 ? 0 : status.streamInfo.state.last_seq;
    const updates = await this.kv.watch();
    this.watching = updates;
    const initial = new Promise<void>((resolve) => {
      if (upTo === 0) resolve();
      void (async () => {
        for await (const entry of updates) {
          if (entry.operation === 'PUT') {
            const parsed = InstanceInfoSchema.safeParse(entry.json());
            if (parsed.success) this.known.set(entry.key, { info: parsed.data, heardAt: (this.lastHeard = Date.now()) });
          } else {
            this.known.delete(entry.key);
          }
          this.recompute();
          if (entry.revision >= upTo || entry.delta === 0) resolve();
        }
      })();
    });
    await initial;
    this.sweeper = setInterval(() => this.recompute(), Math.max(250, this.deadAfterMs / 4));
    this.sweeper.unref();
  }

  /** Writes (or refreshes) this instance's entry. */
  async announce(info: InstanceInfo): Promise<void> {
    await this.kv.put(info.id, JSON.stringify(InstanceInfoSchema.parse(info)));
  }

  /** Removes this instance's entry (a clean stop). */
  async withdraw(id: string): Promise<void> {
    await this.kv.delete(id);
  }

  stop(): void {
    this.watching?.stop();
    clearInterval(this.sweeper);
  }

  /** Live instances (heard from within the dead-after window), draining or not. */
  live(): InstanceInfo[] {
    const now = Date.now();
    return [...this.known.values()].filter((k) => this.alive(k, now)).map((k) => k.info);
  }

  get(id: string): InstanceInfo | undefined {
    const known = this.known.get(id);
    return known && this.alive(known, Date.now()) ? known.info : undefined;
  }

  /**
   * Heard from within the dead-after window; or, while the whole bucket has been silent for less
   * than the outage grace, heard from shortly before that silence began.
   */
  private alive(known: Known, now: number): boolean {
    if (now - known.heardAt < this.deadAfterMs) return true;
    const silentForMs = now - this.lastHeard;
    return silentForMs >= this.deadAfterMs && silentForMs < this.outageGraceMs && this.lastHeard - known.heardAt < this.deadAfterMs;
  }

  /** The live, non-draining instance that owns a room, if any is alive. */
  ownerOf(roomId: string): string | undefined {
    return rendezvousOwner(roomId, this.liveIds);
  }

  /** Called whenever the live set changes (an instance appears, drains, dies or leaves). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private recompute(): void {
    const ids = this.live()
      .filter((i) => !i.draining)
      .map((i) => i.id)
      .sort();
    if (ids.join(',') === this.liveIds.join(',')) return;
    this.liveIds = ids;
    for (const listener of this.listeners) listener();
  }
}
