import type { FailureCounter } from './throttle-policy.js';

/** A counter and the revision a compare-and-set write must name. */
export interface StoredCounter {
  counter: FailureCounter;
  revision: number;
}

/** Where failure counters live, under opaque keys (shared by every provisioning instance). */
export interface ThrottleStore {
  get(key: string): Promise<StoredCounter | undefined>;
  /** Writes the counter if the key is still at `revision` (0: holds none); false when another writer got there first. */
  set(key: string, counter: FailureCounter, revision: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** A ThrottleStore in memory, for one process (unit tests, a single-server install without NATS KV). */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly counters = new Map<string, StoredCounter>();
  private revision = 0;

  async get(key: string): Promise<StoredCounter | undefined> {
    return structuredClone(this.counters.get(key));
  }

  async set(key: string, counter: FailureCounter, revision: number): Promise<boolean> {
    if ((this.counters.get(key)?.revision ?? 0) !== revision) return false;
    this.counters.set(key, { counter: structuredClone(counter), revision: ++this.revision });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.counters.delete(key);
  }
}
