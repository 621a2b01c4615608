import type { SigningKeyRecord } from './signing-key.js';

/** The stored ring and the revision a compare-and-set write must name. */
export interface StoredKeyRing {
  keys: SigningKeyRecord[];
  revision: number;
}

/** Where the signing key ring lives (shared by every provisioning instance). */
export interface KeyStore {
  /** The ring, or undefined if none was ever written. */
  load(): Promise<StoredKeyRing | undefined>;
  /**
   * Replaces the ring if it is still at `revision` (0: if there is none yet). Returns the new
   * revision, or undefined when another instance wrote first (reload and decide again).
   */
  save(keys: SigningKeyRecord[], revision: number): Promise<number | undefined>;
}

/** A KeyStore in memory, for one process (tests, a single-server install without NATS KV). */
export class MemoryKeyStore implements KeyStore {
  private stored: StoredKeyRing | undefined;

  async load(): Promise<StoredKeyRing | undefined> {
    return this.stored && structuredClone(this.stored);
  }

  async save(keys: SigningKeyRecord[], revision: number): Promise<number | undefined> {
    if ((this.stored?.revision ?? 0) !== revision) return undefined;
    this.stored = { keys: structuredClone(keys), revision: revision + 1 };
    return revision + 1;
  }
}
