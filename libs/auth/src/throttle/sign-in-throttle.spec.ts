import { ForbiddenError } from '@parley/contracts';
import { RetryLaterError } from '../errors.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { counterKey, normaliseAccount, normaliseAddress } from './throttle-keys.js';
import { MemoryThrottleStore } from './throttle-store.js';

const SECOND = 1000;
const MIN = 60 * SECOND;
let now = new Date('2030-01-01T00:00:00Z');
const later = (ms: number) => (now = new Date(now.getTime() + ms));

/** What `check` says: 'ok', the seconds to wait, or 'locked'. */
async function verdict(throttle: SignInThrottle, account = 'alice', address = '192.0.2.1'): Promise<'ok' | 'locked' | number> {
  try {
    await throttle.check(account, address);
    return 'ok';
  } catch (error) {
    if (error instanceof RetryLaterError) return error.retryAfterSeconds;
    if (error instanceof ForbiddenError && /account locked/.test(error.message)) return 'locked';
    throw error;
  }
}

describe('SignInThrottle', () => {
  let throttle: SignInThrottle;
  const fail = (times: number, account = 'alice', address = '192.0.2.1') =>
    Array.from({ length: times }).reduce<Promise<void>>((p) => p.then(() => throttle.recordFailure(account, address)), Promise.resolve());

  beforeEach(() => {
    now = new Date('2030-01-01T00:00:00Z');
    throttle = new SignInThrottle(new MemoryThrottleStore(), { now: () => now });
  });

  it('allows five failures freely, then makes each attempt wait 1 s, 2 s, 4 s… after the last failure', async () => {
    await fail(5);
    expect(await verdict(throttle)).toBe(1);
    later(SECOND);
    expect(await verdict(throttle)).toBe('ok');
    await fail(1);
    expect(await verdict(throttle)).toBe(2);
    later(1500);
    expect(await verdict(throttle)).toBe(1);
    later(500);
    await fail(1);
    expect(await verdict(throttle)).toBe(4);
  });

  it('carries the wait as a RateLimitedError with retryAfterSeconds', async () => {
    await fail(5);
    await expect(throttle.check('alice', '192.0.2.1')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 1 });
  });

  it('locks the account for 15 minutes at the tenth failure in a window, then starts afresh', async () => {
    await fail(9);
    expect(await verdict(throttle)).toBe(16);
    await fail(1);
    expect(await verdict(throttle)).toBe('locked');
    expect(await verdict(throttle, 'alice', '198.51.100.7')).toBe('locked');
    later(15 * MIN - 1);
    expect(await verdict(throttle, 'alice', '198.51.100.7')).toBe('locked');
    later(1);
    expect(await verdict(throttle, 'alice', '198.51.100.7')).toBe('ok');
  });

  it('forgets failures once a whole window has passed since the last one', async () => {
    await fail(5);
    later(15 * MIN);
    expect(await verdict(throttle)).toBe('ok');
    await fail(1);
    expect(await verdict(throttle)).toBe('ok');
  });

  it('resets the account on success but not the address, which may be guessing many accounts', async () => {
    await fail(3, 'alice');
    await fail(3, 'bob');
    await throttle.recordSuccess('alice');
    expect(await verdict(throttle, 'carol')).toBe(2);
    await fail(2, 'alice', '198.51.100.7');
    expect(await verdict(throttle, 'alice', '198.51.100.7')).toBe('ok');
  });

  it('throttles an address that spreads its guesses over many accounts', async () => {
    for (const account of ['a', 'b', 'c', 'd', 'e']) await fail(1, account);
    expect(await verdict(throttle, 'f')).toBe(1);
    expect(await verdict(throttle, 'f', '198.51.100.7')).toBe('ok');
  });

  it('lets addresses shared by many users get more free failures when configured', async () => {
    throttle = new SignInThrottle(new MemoryThrottleStore(), { addressFreeFailures: 50, now: () => now });
    for (let i = 0; i < 20; i++) await fail(1, `user${i}`);
    expect(await verdict(throttle, 'someone')).toBe('ok');
  });

  it('counts one account and one client however they are spelled', async () => {
    await fail(5, 'Alice', '2001:db8:1:2:aaaa::1');
    expect(await verdict(throttle, ' alice ', '2001:0db8:0001:0002:ffff:1:2:3')).toBe(1);
    await fail(5, 'dave', '::ffff:192.0.2.9');
    expect(await verdict(throttle, 'DAVE', '198.51.100.1')).toBe(1);
    expect(await verdict(throttle, 'erin', '192.0.2.9')).toBe(1);
  });
});

describe('throttle keys', () => {
  it('normalises accounts by Unicode form, case and surrounding space', () => {
    expect(normaliseAccount(' ＡＬＩＣＥ ')).toBe('alice');
  });

  it('counts IPv6 clients per /64 and IPv4-mapped ones as IPv4', () => {
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(normaliseAddress('2001:DB8:0:0:1::1%eth0')).toBe('2001:db8:0:0::/64');
    expect(normaliseAddress('::1')).toBe('0:0:0:0::/64');
    expect(normaliseAddress('fe80::')).toBe('fe80:0:0:0::/64');
    expect(normaliseAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseAddress(' 10.0.0.1 ')).toBe('10.0.0.1');
  });

  it('hashes names out of the keys', () => {
    expect(counterKey('account', 'alice')).toMatch(/^account\.[0-9a-f]{64}$/);
    expect(counterKey('account', 'alice')).not.toContain('alice');
  });
});
