import { ConflictError, UnavailableError } from '@parley/contracts';
import { importJWK, type CryptoKey, type JSONWebKeySet } from 'jose';
import type { KeyStore } from './key-store.js';
import { activeKey, isRetired, planRotation, type RotationPolicy } from './rotation.js';
import { generateSigningKey, type SigningKeyRecord } from './signing-key.js';

export interface KeyRingOptions {
  /** How long a key signs before a successor is scheduled. Default 24 h. */
  rotateAfterMs?: number;
  /**
   * How long a new key is published in the JWKS before it signs. Must exceed every verifier's
   * JWKS cache age, so none meets a token from a key it has not fetched. Default 10 min.
   */
  publishLeadMs?: number;
  /** The longest access-token lifetime the issuer may grant; a superseded key stays this long (plus skew). Default 1 h. */
  maxTokenLifetimeMs?: number;
  /** Clock difference tolerated between servers. Default 30 s. */
  clockSkewMs?: number;
  /** Least time (on this process's monotonic clock) between two reloads caused by tokens that name an unknown key. Default 30 s. */
  reloadCooldownMs?: number;
}

/** The key that signs now, imported once. */
export interface SigningKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: CryptoKey;
}

interface LoadedKey {
  record: SigningKeyRecord;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Rounds of "load, decide, compare-and-set" before giving up on a ring other writers keep changing. */
const MAX_ATTEMPTS = 5;

/**
 * The Ed25519 keys that sign and verify access tokens, rotated without downtime (see
 * planRotation). Keys are imported into CryptoKeys once, when first seen, so signing and
 * verifying cost no key parsing.
 */
export class KeyRing {
  /** The longest lifetime a token signed by this ring may have. */
  readonly maxTokenLifetimeMs: number;
  private readonly policy: RotationPolicy;
  private readonly reloadCooldownMs: number;
  private loaded = new Map<string, LoadedKey>();
  /** The store revision `loaded` reflects, so a slow load never replaces a newer ring. */
  private revision = 0;
  /** When a token naming an unknown key last caused a reload (monotonic clock). */
  private lastUnknownKidReloadAt = -Infinity;
  private reloading: Promise<void> | undefined;

  private constructor(
    private readonly store: KeyStore,
    options: KeyRingOptions,
  ) {
    this.maxTokenLifetimeMs = options.maxTokenLifetimeMs ?? 60 * 60_000;
    this.policy = {
      rotateAfterMs: options.rotateAfterMs ?? 24 * 60 * 60_000,
      publishLeadMs: options.publishLeadMs ?? 10 * 60_000,
      retireAfterMs: this.maxTokenLifetimeMs + (options.clockSkewMs ?? 30_000),
    };
    this.reloadCooldownMs = options.reloadCooldownMs ?? 30_000;
  }

  /** Opens the ring and loads the stored keys; with none yet, `ensureKeys` makes the first. */
  static async open(store: KeyStore, options: KeyRingOptions = {}): Promise<KeyRing> {
    const ring = new KeyRing(store, options);
    await ring.reload();
    return ring;
  }

  /**
   * Brings the stored ring up to date at `now` (first key, successor, dropping retired keys) and
   * loads it. The issuing service calls it at start and then every minute or so; concurrent
   * callers on other instances are safe (compare-and-set, then decide again on what won).
   */
  async ensureKeys(now: Date = new Date()): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.store.load();
      const plan = planRotation(stored?.keys ?? [], now, this.policy);
      let keys = plan.keys;
      if (plan.changed) {
        if (plan.add) keys = [...keys, await generateSigningKey(now, plan.add.activatesAt, plan.add.retiresAt)];
        const revision = await this.store.save(keys, stored?.revision ?? 0);
        if (revision === undefined) continue;
        await this.adopt(keys, revision);
        return;
      }
      await this.adopt(keys, stored?.revision ?? 0);
      return;
    }
    throw new ConflictError(`the signing key ring changed under each of ${MAX_ATTEMPTS} attempts to update it`);
  }

  /** Loads the stored ring again (a verifier learning keys another instance made); concurrent calls share one load. */
  async reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        const stored = await this.store.load();
        await this.adopt(stored?.keys ?? [], stored?.revision ?? 0);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** The key that signs at `now`; an UnavailableError before any key exists. */
  signingKey(now: Date): SigningKey {
    const active = activeKey(this.records(), now);
    if (!active) throw new UnavailableError('no signing key is active yet (ensureKeys has not run)');
    return { kid: active.kid, alg: 'EdDSA', privateKey: this.loaded.get(active.kid)!.privateKey };
  }

  /**
   * The public key named `kid`, unless it is retired at `now`. An unknown kid reloads the store
   * first (at most once per cooldown), since another instance may have rotated.
   */
  async verificationKey(kid: string | undefined, now: Date): Promise<CryptoKey | undefined> {
    if (kid === undefined) return undefined;
    if (!this.loaded.has(kid) && performance.now() - this.lastUnknownKidReloadAt >= this.reloadCooldownMs) {
      this.lastUnknownKidReloadAt = performance.now();
      await this.reload();
    }
    const key = this.loaded.get(kid);
    return key && !isRetired(key.record, now) ? key.publicKey : undefined;
  }

  /** The JWKS document: the public part of every key not retired at `now`, the scheduled successor included. */
  jwks(now: Date): JSONWebKeySet {
    return {
      keys: this.records()
        .filter((record) => !isRetired(record, now))
        .map((record) => ({ ...record.publicJwk, kid: record.kid, alg: record.alg, use: 'sig' })),
    };
  }

  private records(): SigningKeyRecord[] {
    return [...this.loaded.values()].map((key) => key.record);
  }

  private async adopt(records: readonly SigningKeyRecord[], revision: number): Promise<void> {
    const next = new Map<string, LoadedKey>();
    for (const record of records) {
      const known = this.loaded.get(record.kid);
      next.set(
        record.kid,
        known
          ? { ...known, record }
          : {
              record,
              privateKey: (await importJWK(record.privateJwk, record.alg)) as CryptoKey,
              publicKey: (await importJWK(record.publicJwk, record.alg)) as CryptoKey,
            },
      );
    }
    if (revision < this.revision) return;
    this.loaded = next;
    this.revision = revision;
  }
}
