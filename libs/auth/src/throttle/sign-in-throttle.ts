import { ConflictError, ForbiddenError } from '@parley/contracts';
import { RetryLaterError } from '../errors.js';
import { counterKey, normaliseAccount, normaliseAddress } from './throttle-keys.js';
import { afterFailure, lockedUntil, waitMs, type ThrottlePolicy } from './throttle-policy.js';
import type { ThrottleStore } from './throttle-store.js';

export interface SignInThrottleOptions {
  /** Failures of one account allowed without delay within a window. Default 5. */
  freeFailures?: number;
  /** Failures from one address allowed without delay; raise it when many users share one (NAT, proxies). Default freeFailures. */
  addressFreeFailures?: number;
  /** A counter starts afresh once this long has passed since its last failure. Default 15 min. */
  windowMs?: number;
  /** The longest delay imposed between two attempts (delays start at 1 s and double). Default 15 min. */
  maxDelayMs?: number;
  /** Failures of one account, within a window, that lock it. Default 10. */
  lockoutFailures?: number;
  /** How long a locked account refuses every sign-in. Default 15 min. */
  lockoutMs?: number;
  /** The clock failures are dated by. */
  now?: () => Date;
}

/**
 * How long to keep trying "read, decide, compare-and-set" on a counter that keeps changing. Each
 * round one writer wins, so a burst of parallel guesses at one account needs many rounds; a
 * growing random pause between rounds spreads the contenders out.
 */
const UPDATE_DEADLINE_MS = 15_000;

/**
 * Slows down password guessing, per account and per client address. Call `check` before
 * verifying a password, then `recordFailure` or `recordSuccess`. Count failures for unknown
 * accounts too, so lock-outs do not reveal which accounts exist.
 */
export class SignInThrottle {
  private readonly policy: ThrottlePolicy;
  private readonly freeFailures: number;
  private readonly addressFreeFailures: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: ThrottleStore,
    options: SignInThrottleOptions = {},
  ) {
    this.freeFailures = options.freeFailures ?? 5;
    this.addressFreeFailures = options.addressFreeFailures ?? this.freeFailures;
    this.policy = {
      windowMs: options.windowMs ?? 15 * 60_000,
      baseDelayMs: 1_000,
      maxDelayMs: options.maxDelayMs ?? 15 * 60_000,
      lockoutFailures: options.lockoutFailures ?? 10,
      lockoutMs: options.lockoutMs ?? 15 * 60_000,
    };
    this.now = options.now ?? (() => new Date());
  }

  /** Throws ForbiddenError if the account is locked, RetryLaterError if this attempt comes too soon. */
  async check(account: string, address: string): Promise<void> {
    const now = this.now();
    const [byAccount, byAddress] = await Promise.all([this.store.get(accountKey(account)), this.store.get(addressKey(address))]);
    const locked = lockedUntil(byAccount?.counter, now);
    if (locked) {
      throw new ForbiddenError(`account locked after too many failed sign-ins; try again in ${minutes(locked.getTime() - now.getTime())}`);
    }
    const wait = Math.max(
      waitMs(byAccount?.counter, now, this.freeFailures, this.policy),
      waitMs(byAddress?.counter, now, this.addressFreeFailures, this.policy),
    );
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new RetryLaterError(`too many failed sign-ins; try again in ${seconds} s`, seconds);
    }
  }

  /** Counts a failed sign-in against the account and the address. */
  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([this.count(accountKey(account), true), this.count(addressKey(address), false)]);
  }

  /** Starts the account's counter afresh; the address keeps its count, since it may be guessing many accounts. */
  async recordSuccess(account: string): Promise<void> {
    await this.store.delete(accountKey(account));
  }

  private async count(key: string, lockable: boolean): Promise<void> {
    const deadline = performance.now() + UPDATE_DEADLINE_MS;
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      const stored = await this.store.get(key);
      const next = afterFailure(stored?.counter, this.now(), this.policy, lockable);
      if (await this.store.set(key, next, stored?.revision ?? 0)) return;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 5)));
    }
    throw new ConflictError(`a sign-in failure counter kept changing for ${UPDATE_DEADLINE_MS} ms of attempts to update it`);
  }
}

const accountKey = (account: string) => counterKey('account', normaliseAccount(account));
const addressKey = (address: string) => counterKey('address', normaliseAddress(address));
const minutes = (ms: number) => `${Math.ceil(ms / 60_000)} min`;
